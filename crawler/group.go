package crawler

import (
	"net"
	"net/url"
	"strings"

	"golang.org/x/net/publicsuffix"

	"newscrawl/config"
)

// siteGroups partitions sources (by index, in order) so that two sources
// touching the same site (registrable domain, or the same IP address) are in
// one group. Within a group sources run one after the other.
func siteGroups(sources []config.Source) [][]int {
	parent := make([]int, len(sources))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	owner := map[string]int{} // site → a source index
	for i, src := range sources {
		for _, site := range sourceSites(src) {
			if j, ok := owner[site]; ok {
				parent[find(i)] = find(j)
			} else {
				owner[site] = i
			}
		}
	}
	var groups [][]int
	at := map[int]int{} // root → index in groups
	for i := range sources {
		r := find(i)
		g, ok := at[r]
		if !ok {
			g = len(groups)
			at[r] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], i)
	}
	return groups
}

// sourceSites are the sites a source may request: those of its allowed
// domains and of its feed, sitemap and start URLs.
func sourceSites(src config.Source) []string {
	var hosts []string
	hosts = append(hosts, allowedHosts(src.AllowedDomains)...)
	for _, list := range [][]string{src.Feeds, src.Sitemaps, src.StartURLs} {
		for _, raw := range list {
			if u, err := url.Parse(raw); err == nil && u.Hostname() != "" {
				hosts = append(hosts, strings.ToLower(u.Hostname()))
			}
		}
	}
	var sites []string
	for _, h := range hosts {
		h = strings.TrimSuffix(h, ".")
		if net.ParseIP(h) == nil {
			if s, err := publicsuffix.EffectiveTLDPlusOne(h); err == nil {
				h = s
			}
		}
		sites = append(sites, h)
	}
	return sites
}
