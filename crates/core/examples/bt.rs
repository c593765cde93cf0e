use guichet_core::search::Bundle;
fn main() {
    let en = std::fs::read_to_string("public/bundle/help-center.en.json").unwrap();
    let fr = std::fs::read_to_string("public/bundle/help-center.fr.json").unwrap();
    let n: u32 = std::env::var("N").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    for (name, j) in [("en", &en), ("fr", &fr)] {
        let t = std::time::Instant::now();
        for _ in 0..n {
            let b = Bundle::from_json(j).unwrap();
            std::hint::black_box(b);
        }
        let parse = t.elapsed() / n;
        let t = std::time::Instant::now();
        for _ in 0..n {
            let b = Bundle::from_json(j).unwrap().into_index().unwrap();
            std::hint::black_box(b);
        }
        let all = t.elapsed() / n;
        let idx = Bundle::from_json(j).unwrap().into_index().unwrap();
        let t = std::time::Instant::now();
        let h = idx.search("remboursement", 10);
        let q = t.elapsed();
        println!("{name}: parse {parse:?} parse+build {all:?} first query {q:?} hits {}", h.len());
    }
}
