//! `ferrofips install` end to end: files, modes, the module-mac (checked against `openssl dgst -mac HMAC`),
//! idempotence, `--no-openssl-cnf`, and refusing bad input.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::*;

#[test]
fn installs_module_and_configs() {
    let dir = installed("inst");
    let p = dir.path();
    let installed = p.join("lib/ossl-modules/ferrofips.so");
    assert_eq!(std::fs::read(&installed).unwrap(), std::fs::read(module()).unwrap());
    assert_eq!(std::fs::metadata(&installed).unwrap().permissions().mode() & 0o777, 0o755);

    let section = std::fs::read_to_string(p.join("ssl/ferrofips.cnf")).unwrap();
    let mac = openssl_mac(&installed);
    for line in [
        "[ferrofips_sect]".to_string(),
        "activate = 1".into(),
        format!("module = {}", installed.display()),
        "install-version = 1".into(),
        "conditional-errors = 1".into(),
        "security-checks = 1".into(),
        format!("module-mac = {mac}"),
    ] {
        assert!(section.lines().any(|l| l == line), "{line:?} missing from\n{section}");
    }
    let top = std::fs::read_to_string(p.join("ssl/openssl.cnf")).unwrap();
    for line in [
        "config_diagnostics = 1".to_string(),
        "openssl_conf = openssl_init".into(),
        format!(".include {}", p.join("ssl/ferrofips.cnf").display()),
        "ferrofips = ferrofips_sect".into(),
        "base = base_sect".into(),
        "default_properties = fips=yes".into(),
    ] {
        assert!(top.lines().any(|l| l == line), "{line:?} missing from\n{top}");
    }
}

#[test]
fn reinstall_is_idempotent() {
    let dir = TempDir::new("idem");
    let prefix = dir.path().to_str().unwrap();
    let module = module();
    let args = ["install", "--prefix", prefix, "--module", module.to_str().unwrap()];
    let o1 = ferrofips(&args, None);
    assert_code(&o1, 0);
    let files = ["lib/ossl-modules/ferrofips.so", "ssl/ferrofips.cnf", "ssl/openssl.cnf"];
    let before: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(dir.path().join(f)).unwrap()).collect();
    let o2 = ferrofips(&args, None);
    assert_code(&o2, 0);
    let after: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(dir.path().join(f)).unwrap()).collect();
    assert_eq!(before, after);
    assert_eq!(stdout(&o1), stdout(&o2));
    // No temporary files left behind.
    for d in ["lib/ossl-modules", "ssl"] {
        let names: Vec<_> = std::fs::read_dir(dir.path().join(d)).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(names.iter().all(|n| !n.to_string_lossy().starts_with('.')), "{names:?}");
    }
    assert!(stdout(&o2).contains(&format!("export OPENSSL_CONF={prefix}/ssl/openssl.cnf")), "{}", stdout(&o2));
}

#[test]
fn no_openssl_cnf_writes_only_the_section_and_prints_a_snippet() {
    let dir = TempDir::new("noconf");
    let module = module();
    let o = ferrofips(
        &[
            "install",
            "--prefix",
            dir.path().to_str().unwrap(),
            "--module",
            module.to_str().unwrap(),
            "--no-openssl-cnf",
        ],
        None,
    );
    assert_code(&o, 0);
    assert!(dir.path().join("ssl/ferrofips.cnf").is_file());
    assert!(!dir.path().join("ssl/openssl.cnf").exists());
    assert!(stdout(&o).contains(".include "), "{}", stdout(&o));
}

#[test]
fn default_module_is_the_one_next_to_the_program() {
    let dir = TempDir::new("exe");
    let bin_dir = dir.path().join("bin");
    std::fs::create_dir(&bin_dir).unwrap();
    let exe = bin_dir.join("ferrofips");
    std::fs::copy(bin(), &exe).unwrap();
    let prefix = dir.path().join("prefix");
    // Another test thread forking while the copy's write descriptor is open makes exec fail with ETXTBSY until
    // that child has exec'd in turn (descriptors close on exec): retry briefly.
    let run = || {
        for _ in 0..100 {
            match std::process::Command::new(&exe)
                .args(["install", "--prefix", prefix.to_str().unwrap()])
                .env_remove("OPENSSL_CONF")
                .output()
            {
                Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy => {
                    std::thread::sleep(std::time::Duration::from_millis(20))
                }
                r => return r.unwrap(),
            }
        }
        panic!("{} stayed busy", exe.display())
    };
    let o = run();
    assert_code(&o, 1);
    assert!(stderr(&o).contains("libferrofips.so does not exist"), "{}", stderr(&o));
    assert!(!prefix.exists(), "nothing may be installed on failure");
    std::fs::copy(module(), bin_dir.join("libferrofips.so")).unwrap();
    let o = run();
    assert_code(&o, 0);
    assert!(prefix.join("lib/ossl-modules/ferrofips.so").is_file());
}

#[test]
fn bad_input() {
    let dir = TempDir::new("bad");
    let prefix = dir.path().join("p");
    let p = prefix.to_str().unwrap();
    assert_code(&ferrofips(&["install"], None), 2);
    assert_code(&ferrofips(&["install", "--prefix"], None), 2);
    assert_code(&ferrofips(&["install", "--prefix", p, "--bogus"], None), 2);
    let o = ferrofips(&["install", "--prefix", p, "--module", "/nonexistent/libferrofips.so"], None);
    assert_code(&o, 1);
    assert!(!prefix.exists());
}
