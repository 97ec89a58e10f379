//! Content stage: hints for YAML errors (did you mean the field …?).

pub(crate) fn yaml_hint(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        // "unknown field `positon`, expected one of `name`, `position`, ..."
        let field = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        Some(crate::diagnostics::suggest(
            field,
            expected,
            "check the spelling against docs/content-format.md; fields are lowercase",
        ))
    } else if message.contains("did not find expected")
        || message.contains("mapping values are not allowed")
    {
        Some("check the indentation, and quote text that contains `: ` or starts with a special character".into())
    } else if message.contains("invalid type: integer `")
        || message.contains("invalid value: integer `")
    {
        Some("the number is out of range: write a whole number of a sensible size (counts are at most 4294967295, weights between -9223372036854775808 and 9223372036854775807)".into())
    } else if message.starts_with("missing field") {
        Some("add the field; docs/content-format.md lists the required ones".into())
    } else {
        None
    }
}
