//! Rebuilds the binary when the built-in theme (compiled in) changes.

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
