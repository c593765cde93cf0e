//! Sorting through one copy of the standard library's sort.
//!
//! Every call of `sort_by` (or `sort_unstable_by_key`, `select_nth_unstable_by`…) with its own
//! element type or comparator makes the compiler emit another copy of the standard sort
//! (quicksort, the small sorts, heapsort: 2–5 KB of wasm each). The pane held 115 such
//! functions, 53 KB or 7 % of its code (names section of its wasm). In the wasm build, the
//! functions here sort (and select) indices (`u32`) with the comparator behind a `&dyn Fn`,
//! then move the elements into place: one copy of the sort and one of the selection, for a
//! dynamic call per comparison. Natively (the CLI and the intake, which index 20k-article help
//! centers) they are the standard sorts.
//!
//! Every function here is stable: equal elements keep their order.

use std::cmp::Ordering;

/// Sorts `v` by `cmp`, stably (see the module docs).
pub fn sort_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    if cfg!(target_arch = "wasm32") {
        by_indices(v, &cmp);
    } else {
        v.sort_by(cmp);
    }
}

/// Sorts `v` by the key `key` gives each element, stably (see the module docs).
pub fn sort_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` in ascending order, stably (see the module docs).
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Keeps the first `n` elements of `v` in `cmp` order (in that order), drops the rest: the top
/// `n`. A selection (the standard `select_nth_unstable`, in the wasm build over indices) then a
/// sort of the `n` kept.
pub fn keep_first<T>(v: &mut Vec<T>, n: usize, cmp: impl Fn(&T, &T) -> Ordering) {
    if n == 0 {
        v.clear();
        return;
    }
    if v.len() > n {
        if cfg!(target_arch = "wasm32") {
            select_by_indices(v, n, &cmp);
        } else {
            v.select_nth_unstable_by(n - 1, &cmp);
            v.truncate(n);
        }
    }
    sort_by(v, cmp);
}

/// The wasm build's selection: the indices of the first `n` elements in `cmp` order (ties by
/// index), then only those elements kept, in their order.
pub(crate) fn select_by_indices<T>(v: &mut Vec<T>, n: usize, cmp: &dyn Fn(&T, &T) -> Ordering) {
    let len = u32::try_from(v.len()).expect("fewer than 2^32 elements");
    let mut order: Vec<u32> = (0..len).collect();
    select_indices(&mut order, n, &|a, b| cmp(&v[a as usize], &v[b as usize]));
    let mut keep = vec![false; v.len()];
    for &i in &order[..n] {
        keep[i as usize] = true;
    }
    let mut at = 0;
    v.retain(|_| {
        at += 1;
        keep[at - 1]
    });
}

/// The wasm build's sort: the permutation that sorts `v` (indices, ties by index: stable),
/// then the elements moved along its cycles. Nothing is allocated when `v` is already in order
/// (a list built in order, the common case at index build).
pub(crate) fn by_indices<T>(v: &mut [T], cmp: &dyn Fn(&T, &T) -> Ordering) {
    if v.windows(2).all(|w| cmp(&w[0], &w[1]) != Ordering::Greater) {
        return;
    }
    let len = u32::try_from(v.len()).expect("fewer than 2^32 elements");
    let mut order: Vec<u32> = (0..len).collect();
    sort_indices(&mut order, &|a, b| cmp(&v[a as usize], &v[b as usize]));
    // order[k] is the index of the element that belongs at k. Following each cycle from its
    // start, swap the element that belongs at k into k; order[k] = k marks k done.
    for start in 0..v.len() {
        let mut k = start;
        loop {
            let from = order[k] as usize;
            order[k] = k as u32;
            if from == start || from == k {
                break;
            }
            v.swap(k, from);
            k = from;
        }
    }
}

/// The one instantiation of the standard selection: indices, the first `n` of `cmp` order
/// (ties by index) moved to the front.
#[inline(never)]
fn select_indices(order: &mut [u32], n: usize, cmp: &dyn Fn(u32, u32) -> Ordering) {
    order.select_nth_unstable_by(n - 1, |&a, &b| cmp(a, b).then(a.cmp(&b)));
}

/// The one instantiation of the standard sort: indices, ordered by `cmp`, ties by index.
#[inline(never)]
fn sort_indices(order: &mut [u32], cmp: &dyn Fn(u32, u32) -> Ordering) {
    order.sort_unstable_by(|&a, &b| cmp(a, b).then(a.cmp(&b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (xorshift64*).
    fn numbers(seed: u64, n: usize, below: u64) -> Vec<u64> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x ^= x >> 12;
                x ^= x << 25;
                x ^= x >> 27;
                x.wrapping_mul(0x2545_F491_4F6C_DD1D) % below
            })
            .collect()
    }

    #[test]
    fn by_indices_sorts_stably_like_the_standard_sort() {
        for (seed, n, below) in [(1, 0, 5), (2, 1, 5), (3, 2, 5), (4, 17, 3), (5, 300, 10), (6, 1000, 1_000_000)] {
            // (key, position): the position shows whether equal keys kept their order.
            let mut v: Vec<(u64, usize)> = numbers(seed, n, below).into_iter().zip(0..).collect();
            let mut expected = v.clone();
            expected.sort_by_key(|e| e.0);
            by_indices(&mut v, &|a, b| a.0.cmp(&b.0));
            assert_eq!(v, expected, "seed {seed}, {n} elements");
        }
        let mut words: Vec<String> = ["pomme", "abricot", "figue", "abricot", "datte"].map(String::from).to_vec();
        by_indices(&mut words, &|a, b| b.cmp(a));
        assert_eq!(words, ["pomme", "figue", "datte", "abricot", "abricot"]);
    }

    #[test]
    fn select_by_indices_keeps_the_first_n_like_a_stable_sort() {
        for (seed, n, keep) in [(8, 50, 1), (9, 300, 20), (10, 1000, 999), (11, 40, 40)] {
            let v: Vec<(u64, usize)> = numbers(seed, n, 7).into_iter().zip(0..).collect();
            let mut top = v.clone();
            select_by_indices(&mut top, keep, &|a, b| b.0.cmp(&a.0));
            top.sort_by_key(|e| e.1); // the kept ones, in their original order
            let mut expected = v.clone();
            expected.sort_by_key(|e| std::cmp::Reverse(e.0)); // stable: ties keep their order
            expected.truncate(keep);
            expected.sort_by_key(|e| e.1);
            assert_eq!(top, expected, "{keep} of {n}");
        }
    }

    #[test]
    fn keep_first_is_the_sorted_top() {
        let v: Vec<u64> = numbers(7, 500, 50);
        for n in [0, 1, 20, 499, 500, 600] {
            let mut top = v.clone();
            keep_first(&mut top, n, |a, b| b.cmp(a));
            let mut expected = v.clone();
            expected.sort_by(|a, b| b.cmp(a));
            expected.truncate(n);
            assert_eq!(top, expected, "top {n}");
        }
        let mut pairs = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd')];
        sort_by_key(&mut pairs, |p| std::cmp::Reverse(p.0));
        assert_eq!(pairs, [(3, 'a'), (3, 'c'), (2, 'd'), (1, 'b')]);
        let mut plain = vec![5, 3, 9, 1];
        sort(&mut plain);
        assert_eq!(plain, [1, 3, 5, 9]);
    }
}
