//! Content and render stages: ids and slugs — the rule they follow, and a
//! valid id close to any text (for hints and for generated anchors).

/// Ids: lowercase ASCII letters, digits and `-`, starting with a letter or
/// digit, at most 64 characters.
pub fn check_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("it is empty".into());
    }
    if id.len() > 64 {
        return Err(format!(
            "it has {} characters, at most 64 are allowed",
            id.len()
        ));
    }
    if id.starts_with('-') {
        return Err("it starts with `-`".into());
    }
    if let Some(c) = id
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Err(format!("`{c}` is not allowed"));
    }
    Ok(())
}

/// A valid id close to `s`, for hints.
pub fn suggest_id(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let c = deaccent(c).to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out: String = out.trim_end_matches('-').chars().take(64).collect();
    if out.is_empty() { "my-id".into() } else { out }
}

pub fn deaccent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'Á' | 'À' | 'Â' | 'Ä' | 'Ã' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => 'u',
        'ñ' | 'Ñ' => 'n',
        'ç' | 'Ç' => 'c',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_contract() {
        assert!(check_id("ana-maria-quispe").is_ok());
        assert!(check_id("2017-day-1").is_ok());
        assert!(check_id("Ana").is_err());
        assert!(check_id("-x").is_err());
        assert!(check_id("a_b").is_err());
        assert!(check_id(&"a".repeat(65)).is_err());
        assert!(check_id(&"a".repeat(64)).is_ok());
        assert_eq!(suggest_id("Ana María Quispe"), "ana-maria-quispe");
    }
}
