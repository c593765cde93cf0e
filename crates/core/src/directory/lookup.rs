//! Finding things in the directory: a region by ISO code or slug, the contacts that apply to
//! an audience, regions by name as a visitor types, places named in a search query, and the
//! region a visitor's locale and time zone suggest.

use super::*;

impl Directory {
    /// The first region with ISO code `code` (case-insensitive).
    pub fn region(&self, code: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.code.eq_ignore_ascii_case(code))
    }

    /// The contacts of region `slug` for `audience`: the cloud's entry when the host names a
    /// cloud that serves the region, else the region's own numbers and lines that match the
    /// plan (Japan lists enterprise and other-plan numbers separately). `None` for an unknown
    /// slug.
    pub fn contacts(&self, slug: &str, audience: &Audience) -> Option<Contacts> {
        let region = self.by_slug(slug)?;
        if let Some(cloud) = audience.cloud.and_then(|c| self.clouds.iter().find(|x| x.id == c)) {
            let entry = cloud
                .entries
                .iter()
                .find(|e| e.regions.iter().any(|r| r == &region.code))
                .or_else(|| cloud.entries.iter().find(|e| e.regions.is_empty()));
            if let Some(e) = entry {
                return Some(Contacts {
                    numbers: e.numbers.clone(),
                    hours: e.hours.clone(),
                    charge: e.charge,
                    notes: e.notes.clone(),
                    cloud: Some(cloud.id),
                });
            }
        }
        Some(Contacts {
            numbers: region.numbers.iter().filter(|n| applies(n.plan, n.cloud, audience)).cloned().collect(),
            hours: region.hours.iter().filter(|h| applies(h.plan, h.cloud, audience)).cloned().collect(),
            charge: region.charge,
            notes: region.notes.clone(),
            cloud: None,
        })
    }

    /// Regions whose name in any language (en, fr, de), source name or ISO code matches
    /// `query`, accent- and case-insensitively, best first: exact code, name starting with the
    /// query, a word of the name starting with it, then the query anywhere in a name. So
    /// "allem" and "germ" both find Germany. At most `limit` results.
    pub fn search_regions(&self, query: &str, limit: usize) -> Vec<&Region> {
        let q = crate::text::fold(query.trim());
        if q.is_empty() {
            return Vec::new();
        }
        let mut scored: Vec<(u8, String, &Region)> = Vec::new();
        for r in &self.regions {
            let mut best = u8::MAX;
            if r.code.eq_ignore_ascii_case(&q) {
                best = 0;
            }
            let names = r.names.values().chain(r.source_name.iter());
            for n in names {
                let f = crate::text::fold(n);
                let rank = if f.starts_with(&q) {
                    1
                } else if f.split(|c: char| !c.is_alphanumeric()).any(|w| w.starts_with(&q)) {
                    2
                } else if f.contains(&q) {
                    3
                } else {
                    continue;
                };
                best = best.min(rank);
            }
            if best != u8::MAX {
                scored.push((best, crate::text::fold(&r.display_name("en")), r));
            }
        }
        crate::sort::sort_by(&mut scored, |a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        scored.into_iter().take(limit).map(|(_, _, r)| r).collect()
    }

    /// Regions a search query names: a region's name in any language (en, fr, de, source name)
    /// appearing as whole words in the query, accent- and case-insensitively, or a common
    /// abbreviation (`uk`, `usa`, `uae`...). Longest match first. "téléphone support Allemagne"
    /// and "uk support phone" each name one region; "german hours" names none.
    pub fn places_in_query(&self, query: &str) -> Vec<&Region> {
        const ABBREVIATIONS: [(&str, &str); 8] = [
            ("uk", "GB"),
            ("usa", "US"),
            ("us", "US"),
            ("uae", "AE"),
            ("eau", "AE"),
            ("rdc", "CD"),
            ("drc", "CD"),
            ("gb", "GB"),
        ];
        let words: Vec<String> = crate::text::tokenize(query).into_iter().map(|t| t.folded).collect();
        if words.is_empty() {
            return Vec::new();
        }
        let contains = |name: &[String]| !name.is_empty() && words.windows(name.len()).any(|w| w == name);
        let mut found: Vec<(usize, &Region)> = Vec::new();
        for r in &self.regions {
            let mut best = 0;
            for n in r.names.values().chain(r.source_name.iter()) {
                let name: Vec<String> = crate::text::tokenize(n).into_iter().map(|t| t.folded).collect();
                if contains(&name) {
                    best = best.max(name.iter().map(String::len).sum::<usize>());
                }
            }
            if ABBREVIATIONS.iter().any(|(a, code)| *code == r.code && words.iter().any(|w| w == a)) {
                best = best.max(2);
            }
            // Several source regions share a code (Caribbean Netherlands): keep the first.
            if best > 0 && !found.iter().any(|(_, x)| x.code == r.code) {
                found.push((best, r));
            }
        }
        crate::sort::sort_by(&mut found, |a, b| b.0.cmp(&a.0).then(a.1.code.cmp(&b.1.code)));
        found.into_iter().map(|(_, r)| r).collect()
    }

    /// The region whose source slug is `slug` (unique, unlike codes: BQ has three).
    pub fn by_slug(&self, slug: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.slug == slug)
    }

    /// Guesses the visitor's region from the browser's BCP 47 `locale` (`"fr-BE"`) and IANA
    /// `time_zone` (`"Europe/Brussels"`).
    ///
    /// Order: the locale's region if the time zone belongs to it; else the single region whose
    /// zones contain the time zone; else the locale's region if the directory has it; else
    /// `None`.
    pub fn detect_region(&self, locale: &str, time_zone: &str) -> Option<&Region> {
        let locale_region = locale
            .split(['-', '_'])
            .skip(1)
            .find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()))
            .and_then(|c| self.region(c));
        if let Some(r) = locale_region {
            if r.zones.iter().any(|z| z == time_zone) {
                return Some(r);
            }
        }
        let by_zone: Vec<&Region> = self.regions.iter().filter(|r| r.zones.iter().any(|z| z == time_zone)).collect();
        if by_zone.len() == 1 {
            return Some(by_zone[0]);
        }
        locale_region
    }
}
