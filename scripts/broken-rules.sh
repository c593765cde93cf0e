#!/usr/bin/env bash
# Breaks one rule at a time on purpose and checks that the test guarding it fails: a test that
# still passes against a broken rule cannot fail and guards nothing. Prints one line per rule;
# exits 1 if any guard passed. The source is restored after each run (also on Ctrl-C).
#
#   scripts/broken-rules.sh            all rules
#   scripts/broken-rules.sh prefix     rules whose name contains "prefix"
set -uo pipefail
cd "$(dirname "$0")/.."

# name | file | text to find | replacement | nextest filter expression
rules=(
  "prefix: a completed word is not expanded|crates/core/src/search/query.rs|let typing_last = !query.ends_with(char::is_whitespace);|let typing_last = true;|test(last_word_is_a_prefix)"
  "typo: a word the help center has is not expanded by typos|crates/core/src/search/query.rs|if alts.is_empty() && !stop {|if !stop {|test(typo_tolerance_finds_but_never_outranks_exact)"
  "typo: fewer typos rank first|crates/core/src/search/rank.rs|typos += usize::from(lv == typo);|typos += 0 * usize::from(lv == typo);|test(typo_tolerance_finds_but_never_outranks_exact)"
  "rank: one hit per article|crates/core/src/search/rank.rs|            if at == u32::MAX {|            if true {|test(one_hit_per_article_and_limit_respected)"
  "chunks: an arriving chunk fills the article|crates/core/src/search/chunks.rs|let _ = slot.set(chunk.body);|let _ = slot;|test(a_chunked_index_ranks_exactly_like_the_whole_one)"
  "analyzer: the index skips stop words like Analyzer::terms|crates/core/src/search/build.rs|                        if stop {|                        if false {|test(the_index_holds_the_analyzer_terms_of_its_texts)"
  "ticket: subscription ids must be GUIDs|crates/core/src/ticket/validate.rs|pub fn is_guid(s: &str) -> bool {|pub fn is_guid(s: &str) -> bool { if !s.is_empty() { return true; }|test(refund_requests_check_guid_amount_currency_and_period)"
  "ticket: a length message quotes its field's limit|crates/core/src/ticket/messages.rs|(TooLong, Locale::En) => format!(\"At most {max} characters.\")|(TooLong, Locale::En) => format!(\"At most 100 characters.\")|test(length_messages_name_the_fields_own_limits)"
)

failed=0
for rule in "${rules[@]}"; do
  IFS='|' read -r name file find replace filter <<<"$rule"
  [[ -n "${1:-}" && "$name" != *"$1"* ]] && continue
  backup=$(mktemp)
  cp "$file" "$backup"
  trap 'cp "$backup" "$file"' EXIT INT TERM
  FIND="$find" REPLACE="$replace" perl -0pi -e 's/\Q$ENV{FIND}\E/$ENV{REPLACE}/' "$file"
  if cmp -s "$file" "$backup"; then
    echo "NOT APPLIED  $name ($file no longer contains the text to break)"
    failed=1
  elif cargo nextest run -p guichet-core --no-fail-fast -E "$filter" >/tmp/broken-rule.log 2>&1; then
    echo "PASSED (bad) $name: the guard did not notice"
    failed=1
  elif grep -q 'FAIL \[' /tmp/broken-rule.log; then
    echo "failed (ok)  $name: $(grep -m1 -oE 'FAIL \[.*' /tmp/broken-rule.log)"
  else
    echo "NOT COMPILED $name: $(grep -m1 -E '^error' /tmp/broken-rule.log)"
    failed=1
  fi
  cp "$backup" "$file"
  rm -f "$backup"
  trap - EXIT INT TERM
done
exit $failed
