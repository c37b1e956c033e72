//! For tuning the extractor: `cargo run --release -p lede-html --example blocks PAGE[.gz]`
//! lists the page's text blocks, their owners and marks, and the element chosen as the body.

fn main() {
    let path = std::env::args().nth(1).expect("a page to read");
    let bytes = std::fs::read(&path).expect("readable page");
    match lede_html::decode(&bytes) {
        Ok(d) => print!("{}", lede_html::debug_blocks(&d.text)),
        Err(e) => eprintln!("{e}"),
    }
}
