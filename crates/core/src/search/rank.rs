//! Ranking: BM25F over the groups' postings, per-article aggregation, and the re-rank of
//! the best articles for exact accents and adjacent words.

use super::*;

/// Share of titles above which a term's title match adds no coverage (see
/// `SearchIndex::distinctive`).
const DISTINCTIVE_SHARE: f32 = 0.1;
/// Share of articles above which a query word adds no coverage (see
/// `SearchIndex::common_groups`).
const COMMON_SHARE: f32 = 0.4;
/// Below this many articles word frequencies say too little: every word counts for coverage.
pub(super) const COMMON_MIN_ARTICLES: usize = 20;

impl SearchIndex {
    /// Query word groups and the best `limit` articles, best first.
    pub(super) fn rank(&self, query: &str, limit: usize) -> (Vec<Group<'_>>, Vec<ArticleScore>) {
        let groups = self.query_groups(query);
        let ranked = self.rank_groups(&groups, query, limit);
        (groups, ranked)
    }

    /// The best `limit` articles for `query`, whose word groups are `groups`, best first.
    pub(super) fn rank_groups(&self, groups: &[Group<'_>], query: &str, limit: usize) -> Vec<ArticleScore> {
        if groups.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut per_article = self.candidates(groups);
        // Re-rank the best candidates: a bonus for query words written with the same accents
        // as in the text (exact spelling beats folded), and for query words next to each
        // other in the text (phrase/proximity). Tiers (words matched, typos) stay first.
        let order = |a: &ArticleScore| std::cmp::Reverse(a.key);
        let accents = self.query_accents(query);
        // Term → bit masks of the query groups whose postings it is walked in, and of those
        // whose precomputed prefix list stands for it; sorted by term (binary search).
        let mut group_masks: Vec<(u32, u32, u32)> = groups
            .iter()
            .enumerate()
            .flat_map(|(gi, g)| {
                let bit = 1u32 << gi.min(31);
                g.alts.iter().map(move |a| if a.walk { (a.term, bit, 0) } else { (a.term, 0, bit) })
            })
            .collect();
        crate::sort::sort(&mut group_masks);
        group_masks.dedup_by(|b, a| {
            let same = a.0 == b.0;
            if same {
                a.1 |= b.1;
                a.2 |= b.2;
            }
            same
        });
        // One word and no accented word: neither bonus can apply, skip the re-rank.
        let rerank = if Self::reranks(groups, &accents) { per_article.len() } else { 0 };
        for cand in per_article.iter_mut().take(rerank) {
            let boost = 1.0 + self.bonus(cand.doc, &accents, groups, &group_masks);
            cand.same_tier += cand.best * (boost - 1.0);
            cand.best *= boost;
            cand.settle();
        }
        crate::sort::sort_by_key(&mut per_article, order);
        per_article.truncate(limit);
        per_article
    }

    /// The ranking before the re-rank: the best [`RERANK`] articles for the query word
    /// groups (in no order), each with its best section.
    pub(super) fn candidates(&self, groups: &[Group<'_>]) -> Vec<ArticleScore> {
        // Per section (doc) and query word group: the best match as one key, match level × 64
        // + score (scores stay below 64: idf ≤ ln(1 + docs) and the saturated tf part < 1),
        // 0.0 for no match. Keys live in a dense, group-major scratch array kept between
        // queries (only the sections touched are reset), so a posting costs two array reads.
        let g = groups.len();
        let n = self.docs.len();
        let mut guard = self.scratch.lock().unwrap_or_else(|e| e.into_inner());
        let scratch = &mut *guard;
        scratch.prepare(n, g);
        for (gi, group) in groups.iter().enumerate() {
            let row = &mut scratch.keys[gi * n..(gi + 1) * n];
            for (list, weight, lv) in self.lists(group) {
                let base = lv as f32 * LEVEL_SCALE;
                for p in list {
                    let key = base + weight * p.score;
                    let e = &mut row[p.doc as usize];
                    if key > *e {
                        if *e == 0.0 && scratch.stamp[p.doc as usize] != scratch.epoch {
                            scratch.stamp[p.doc as usize] = scratch.epoch;
                            scratch.touched.push(p.doc);
                        }
                        *e = key;
                    }
                }
            }
        }
        // Per article, in one pass: the best section decides the tier (words matched, then
        // fewest typos); other sections of the same tier add a quarter of their score, so an
        // article about the topic beats one that mentions it once.
        let mut best_of: Vec<u32> = vec![u32::MAX; self.hc.articles.len()];
        let mut per_article: Vec<ArticleScore> = Vec::new();
        let inexact = level(MatchKind::Synonym); // synonyms and typos
        let common = self.common_groups(groups);
        for &doc in &scratch.touched {
            let (mut words, mut matched, mut typos, mut score) = (0, 0, 0, 0.0);
            for gi in 0..g {
                let key = std::mem::take(&mut scratch.keys[gi * n + doc as usize]); // read and reset
                if key > 0.0 {
                    let lv = (key / LEVEL_SCALE) as u8;
                    words += 1;
                    if common & (1 << gi.min(31)) == 0 {
                        matched += 1;
                        typos += usize::from(lv <= inexact);
                    }
                    score += key - lv as f32 * LEVEL_SCALE;
                }
            }
            let article = self.docs[doc as usize].article;
            let fresh = ArticleScore {
                article,
                doc,
                words,
                matched: matched as u32,
                in_title: 0,
                typos: typos as u32,
                best: score,
                same_tier: score,
                total: 0.0,
                key: 0,
            };
            let at = best_of[article as usize];
            if at == u32::MAX {
                best_of[article as usize] = per_article.len() as u32;
                per_article.push(fresh);
                continue;
            }
            let a = &mut per_article[at as usize];
            match (matched as u32, std::cmp::Reverse(typos as u32)).cmp(&(a.matched, std::cmp::Reverse(a.typos))) {
                std::cmp::Ordering::Greater => *a = fresh,
                std::cmp::Ordering::Equal => {
                    a.same_tier += score;
                    if score > a.best || (score == a.best && doc < a.doc) {
                        a.best = score;
                        a.doc = doc;
                        a.words = words;
                    }
                }
                std::cmp::Ordering::Less => {}
            }
        }
        // Title coverage: per article, the bit mask of the query groups its title matches,
        // in the scratch array (all zeros between queries), read for the candidates then reset.
        if scratch.title.len() < self.hc.articles.len() {
            scratch.title.resize(self.hc.articles.len(), 0);
        }
        for (gi, article) in self.title_matches(groups) {
            scratch.title[article as usize] |= 1 << gi.min(31);
        }
        for a in &mut per_article {
            a.in_title = scratch.title[a.article as usize].count_ones();
            a.settle();
        }
        for (_, article) in self.title_matches(groups) {
            scratch.title[article as usize] = 0;
        }
        drop(guard);
        crate::sort::keep_first(&mut per_article, RERANK, |a, b| b.key.cmp(&a.key));
        per_article
    }

    /// Bit mask of the query groups whose word (exactly) is in more than [`COMMON_SHARE`] of
    /// the articles, when some group is not and the help center has at least
    /// [`COMMON_MIN_ARTICLES`]: such words ("need", "use" in product
    /// documentation) say little about which article answers, so they add to the score but
    /// not to coverage (Elasticsearch's common terms query does the same with its
    /// `cutoff_frequency`).
    pub(super) fn common_groups(&self, groups: &[Group<'_>]) -> u32 {
        if self.hc.articles.len() < COMMON_MIN_ARTICLES {
            return 0;
        }
        let articles = self.hc.articles.len() as f32;
        let mut mask = 0u32;
        for (gi, g) in groups.iter().enumerate() {
            let Some(exact) = g.alts.iter().find(|a| a.kind == MatchKind::Exact) else { continue };
            let Some(count) = self.article_count(exact.term) else { continue };
            if count as f32 > COMMON_SHARE * articles {
                mask |= 1 << gi.min(31);
            }
        }
        let all = if groups.len() >= 32 { u32::MAX } else { (1u32 << groups.len()) - 1 };
        if mask == all {
            0
        } else {
            mask
        }
    }

    /// How many articles have the term (None while its postings have not arrived), counted
    /// once per term.
    fn article_count(&self, term: u32) -> Option<u32> {
        let list = self.postings[term as usize].get()?;
        let count = || {
            let mut last = u32::MAX;
            let mut count = 0;
            for p in list {
                let a = self.docs[p.doc as usize].article;
                count += u32::from(a != last);
                last = a;
            }
            count
        };
        Some(*self.article_counts[term as usize].get_or_init(count))
    }

    /// `(query word group, article)` for each article whose title matches a group exactly or
    /// as a prefix (not through a typo or a synonym: those never add coverage over an exact
    /// match), for words few titles share (see `distinctive`).
    pub(super) fn title_matches<'a>(&'a self, groups: &'a [Group<'a>]) -> impl Iterator<Item = (usize, u32)> + 'a {
        groups.iter().enumerate().flat_map(move |(gi, g)| {
            g.alts
                .iter()
                .filter(|a| matches!(a.kind, MatchKind::Exact | MatchKind::Prefix) && self.distinctive(a.term))
                .flat_map(|a| self.titles_with(a.term))
                .map(move |&article| (gi, article))
        })
    }

    /// The articles whose title has `term` (none until its shard is there, in a chunked index).
    pub(super) fn titles_with(&self, term: u32) -> &[u32] {
        self.title_postings.get(term as usize).and_then(OnceLock::get).map_or(&[], Vec::as_slice)
    }

    /// Whether a term is rare enough among titles for a title match to say what the article
    /// is about: in at most [`DISTINCTIVE_SHARE`] of the titles (or in one). A word many titles
    /// share ("phone" in a help center about calling support) is left to the score. Read from
    /// the term's title list, which a chunked index has with the term's shard (or with the
    /// shard of the precomputed prefix it is an expansion of), so both rank alike.
    pub(super) fn distinctive(&self, term: u32) -> bool {
        let titles = self.titles_with(term).len() as f32;
        titles <= (DISTINCTIVE_SHARE * self.hc.articles.len() as f32).max(1.0)
    }

    /// Accented words of `query` that the corpus has, as accent ids (for the re-rank).
    pub(super) fn query_accents(&self, query: &str) -> Vec<u32> {
        tokenize(query)
            .into_iter()
            .filter_map(|t| {
                let lower = crate::text::lowercase(&query[t.start..t.end]);
                if lower == t.folded {
                    None
                } else {
                    self.accent_ids.get(&lower).copied()
                }
            })
            .collect()
    }

    /// Whether the re-rank can change anything: several words (proximity) or an accented
    /// one (exact accents).
    pub(super) fn reranks(groups: &[Group<'_>], accents: &[u32]) -> bool {
        groups.len() > 1 || !accents.is_empty()
    }

    /// The posting lists a query word group walks: (list, weight, match level).
    pub(super) fn lists<'a>(&'a self, group: &'a Group<'a>) -> impl Iterator<Item = (&'a [Posting], f32, u8)> + 'a {
        let loaded = |l: &'a OnceLock<Vec<Posting>>| l.get().map_or(&[][..], Vec::as_slice);
        let walked = group
            .alts
            .iter()
            .filter(|a| a.walk)
            .map(move |a| (loaded(&self.postings[a.term as usize]), a.weight, level(a.kind)));
        walked.chain(group.prefix_list.map(|(_, p)| (loaded(&p.list), 1.0, level(MatchKind::Prefix))))
    }

    /// Exact-accent and proximity bonus of section `doc` (0.0 to about 0.6): +0.05 per word
    /// of title, heading or body spelled with the query's accents (at most 0.2), and for each
    /// pair of consecutive query word groups +0.2 when adjacent in the text, +0.1 when 2–3
    /// words apart (at most 0.4).
    /// `group_masks`: (term, groups it is walked in, groups whose prefix list stands for it),
    /// sorted by term.
    pub(super) fn bonus(
        &self,
        doc: u32,
        accents: &[u32],
        groups: &[Group<'_>],
        group_masks: &[(u32, u32, u32)],
    ) -> f32 {
        // A chunked index has the accented words once the article is there (`needs` fetches
        // the best candidates' when the query has accents).
        let text = self.doc_text[doc as usize].get();
        let same_accents = text.map_or(0, |t| t.accented.iter().filter(|id| accents.contains(id)).count());
        let bonus_accent = f32::min(0.05 * same_accents as f32, 0.2);
        if groups.len() < 2 {
            return bonus_accent;
        }
        let positions = match (&self.layout, text) {
            (Some(layout), _) => (layout.group_positions)(layout, self, doc, groups),
            (None, Some(text)) => self.text_positions(text, doc, groups, group_masks),
            (None, None) => return bonus_accent,
        };
        let mut prox = 0.0;
        for w in positions.windows(2) {
            let best = w[0].iter().flat_map(|a| w[1].iter().map(move |b| a.abs_diff(*b))).min();
            prox += match best {
                Some(1) => 0.2,
                Some(2..=3) => 0.1,
                _ => 0.0,
            };
        }
        bonus_accent + f32::min(prox, 0.4)
    }

    /// Per query word group: the positions in section `doc` (whose text is `text`) of the
    /// words the group matches there: its walked alternatives', and the words its precomputed
    /// prefix list stands for when the list has the section (as a chunked index reads them
    /// from its posting lists, see `Layout::group_positions`).
    fn text_positions(
        &self,
        text: &DocText,
        doc: u32,
        groups: &[Group<'_>],
        group_masks: &[(u32, u32, u32)],
    ) -> Vec<Vec<u32>> {
        let mut listed = 0u32; // groups whose prefix list has the section
        for (gi, g) in groups.iter().enumerate() {
            let list = g.prefix_list.and_then(|(_, p)| p.list.get());
            if list.is_some_and(|l| section_index(l, doc).is_some()) {
                listed |= 1 << gi.min(31);
            }
        }
        let mut positions: Vec<Vec<u32>> = vec![Vec::new(); groups.len()];
        for (t, pos) in text_positions_of(&text.terms) {
            if let Ok(i) = group_masks.binary_search_by_key(&t, |&(term, _, _)| term) {
                let (_, walked, by_list) = group_masks[i];
                let mask = walked | (by_list & listed);
                for (g, at) in positions.iter_mut().enumerate() {
                    if mask & (1 << g.min(31)) != 0 {
                        at.push(pos);
                    }
                }
            }
        }
        positions
    }
}

/// Where section `doc` is in a posting list (sorted by section), if it has it.
pub(super) fn section_index(list: &[Posting], doc: u32) -> Option<usize> {
    list.binary_search_by_key(&doc, |p| p.doc).ok()
}

/// `(term, word position)` of each word of a section's text (`DocText::terms`): words count
/// one position each, and fields are 10 positions apart (they are not adjacent).
pub(super) fn text_positions_of(terms: &[u32]) -> impl Iterator<Item = (u32, u32)> + '_ {
    let mut pos = 0u32;
    terms.iter().filter_map(move |&t| {
        if t == GAP {
            pos += 10;
            return None;
        }
        pos += 1;
        Some((t, pos - 1))
    })
}
