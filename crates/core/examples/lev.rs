fn main() {
    let t = std::time::Instant::now();
    let a = levenshtein_automata::LevenshteinAutomatonBuilder::new(1, true);
    let t1 = t.elapsed();
    let b = levenshtein_automata::LevenshteinAutomatonBuilder::new(2, true);
    println!("d1 {t1:?} d2 {:?}", t.elapsed() - t1);
    std::hint::black_box((a, b));
}
