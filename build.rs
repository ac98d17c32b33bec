//! Rebuilds the binary when a file under `themes/` or `starter/portfolio/` is added or removed:
//! `include_dir!` embeds those folders, and on stable Rust it makes the compiler track only the
//! files it read, so a new file was missed until something else changed. Cargo reruns this script
//! (and so recompiles the crate) when anything in a listed folder changes, new files included.

fn main() {
    println!("cargo:rerun-if-changed=themes");
    println!("cargo:rerun-if-changed=starter/portfolio");
}
