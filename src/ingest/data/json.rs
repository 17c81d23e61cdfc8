//! JSON, JSON Lines and YAML documents as a list of items (incidents, tickets, series)
//! with the line each item starts on. JSON items stay borrowed raw text until used,
//! so a large export is never held twice as a `Value` tree.

use super::table::norm;
use serde_json::Value;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// Array keys tried, in order, when the document is an object.
const CONTAINERS: &[&str] = &[
    "incidents",
    "tickets",
    "issues",
    "actions",
    "metrics",
    "series",
    "result",
    "alerts",
    "items",
    "records",
    "results",
    "data",
];

pub enum Item<'a> {
    Raw(&'a RawValue),
    Text(&'a str),
    Value(Value),
}

impl Item<'_> {
    pub fn value(&self) -> Result<Value, String> {
        match self {
            Item::Raw(r) => serde_json::from_str(r.get()).map_err(|e| e.to_string()),
            Item::Text(t) => serde_json::from_str(t).map_err(|e| format!("not valid JSON: {e}")),
            Item::Value(v) => Ok(v.clone()),
        }
    }
}

pub struct Items<'a> {
    /// Path of the array the items came from ("incidents", "data.result"); "" for a
    /// top-level array or JSON Lines.
    pub container: String,
    pub items: Vec<(usize, Item<'a>)>,
}

pub fn json_items(text: &str) -> Result<Items<'_>, String> {
    let trimmed = text.trim_start();
    let (container, list) = if trimmed.starts_with('[') {
        let list: Vec<&RawValue> =
            serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
        (String::new(), list)
    } else {
        let top: BTreeMap<String, &RawValue> = serde_json::from_str(text)
            .map_err(|e| format!("not valid JSON (expected an object or an array): {e}"))?;
        find_container(&top, "")?
    };
    let mut line = 1;
    let mut last = 0;
    let base = text.as_ptr() as usize;
    let items = list
        .into_iter()
        .map(|raw| {
            let offset = raw.get().as_ptr() as usize - base;
            line += text.as_bytes()[last..offset]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            last = offset;
            (line, Item::Raw(raw))
        })
        .collect();
    Ok(Items { container, items })
}

fn find_container<'a>(
    top: &BTreeMap<String, &'a RawValue>,
    prefix: &str,
) -> Result<(String, Vec<&'a RawValue>), String> {
    for key in CONTAINERS {
        let Some(raw) = top.get(*key) else { continue };
        let body = raw.get().trim_start();
        if body.starts_with('[') {
            let list = serde_json::from_str(raw.get()).map_err(|e| e.to_string())?;
            return Ok((format!("{prefix}{key}"), list));
        }
        if body.starts_with('{') && prefix.is_empty() {
            let inner: BTreeMap<String, &RawValue> =
                serde_json::from_str(raw.get()).map_err(|e| e.to_string())?;
            if let Ok(found) = find_container(&inner, &format!("{key}.")) {
                return Ok(found);
            }
        }
    }
    if prefix.is_empty() {
        // A single object is a list of one (a `GET /incidents/{id}` response).
        return Err(format!(
            "no list of records found; expected a top-level array or one of the keys {}",
            CONTAINERS.join(", ")
        ));
    }
    Err(String::new())
}

pub fn jsonl_items(text: &str) -> Items<'_> {
    let items = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, Item::Text(l)))
        .collect();
    Items {
        container: String::new(),
        items,
    }
}

pub fn yaml_items(text: &str) -> Result<Items<'static>, String> {
    let doc: Value = serde_saphyr::from_str(text).map_err(|e| {
        let msg = e.to_string();
        format!("not valid YAML: {}", msg.lines().next().unwrap_or(&msg))
    })?;
    let (container, list) = match doc {
        Value::Array(a) => (String::new(), a),
        Value::Object(mut m) => {
            let key = CONTAINERS
                .iter()
                .find(|k| m.get(**k).is_some_and(Value::is_array))
                .ok_or_else(|| {
                    format!(
                        "no list of records found; expected a top-level list or one of the keys {}",
                        CONTAINERS.join(", ")
                    )
                })?;
            let Some(Value::Array(a)) = m.remove(*key) else {
                unreachable!()
            };
            (key.to_string(), a)
        }
        _ => return Err("expected a list of records".into()),
    };
    let lines = yaml_item_lines(text);
    let trusted = lines.len() == list.len();
    let items = list
        .into_iter()
        .enumerate()
        .map(|(i, v)| (if trusted { lines[i] } else { 0 }, Item::Value(v)))
        .collect();
    Ok(Items { container, items })
}

/// Lines of `- ` entries at the shallowest list indent: where each YAML item starts.
fn yaml_item_lines(text: &str) -> Vec<usize> {
    let entries: Vec<(usize, usize)> = text
        .lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let indent = l.len() - l.trim_start().len();
            (l.trim_start().starts_with("- ") || l.trim() == "-").then_some((indent, i + 1))
        })
        .collect();
    let min = entries.iter().map(|e| e.0).min().unwrap_or(0);
    entries
        .into_iter()
        .filter(|e| e.0 == min)
        .map(|e| e.1)
        .collect()
}

/// `{"service": {"summary": "x"}, "tags": ["a", "b"]}` -> service.summary=x, tags=a, tags=b.
pub fn flatten(v: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    walk("", v, &mut out);
    out
}

fn walk(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Null => {}
        Value::Bool(b) => out.push((prefix.to_string(), b.to_string())),
        Value::Number(n) => out.push((prefix.to_string(), n.to_string())),
        Value::String(s) => out.push((prefix.to_string(), s.clone())),
        Value::Array(a) => a.iter().for_each(|x| walk(prefix, x, out)),
        Value::Object(m) => {
            for (k, x) in m {
                let key = if prefix.is_empty() {
                    norm(k)
                } else {
                    format!("{prefix}.{}", norm(k))
                };
                walk(&key, x, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_know_their_lines() {
        let text =
            "{\n \"more\": false,\n \"incidents\": [\n  {\"id\": 1},\n\n  {\"id\": 2}\n ]\n}";
        let items = json_items(text).unwrap();
        assert_eq!(items.container, "incidents");
        let lines: Vec<usize> = items.items.iter().map(|i| i.0).collect();
        assert_eq!(lines, [4, 6]);
    }

    #[test]
    fn nested_prometheus_container_and_bare_array() {
        let t = r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{}}]}}"#;
        assert_eq!(json_items(t).unwrap().container, "data.result");
        assert_eq!(json_items("[1,2]").unwrap().items.len(), 2);
        assert!(
            json_items("{\"x\": 1}")
                .err()
                .unwrap()
                .contains("no list of records")
        );
    }

    #[test]
    fn yaml_lines_and_flatten() {
        let y = "incidents:\n  - id: a\n    title: x\n  - id: b\n";
        let items = yaml_items(y).unwrap();
        assert_eq!(items.items.iter().map(|i| i.0).collect::<Vec<_>>(), [2, 4]);
        let flat = flatten(&serde_json::json!({"Service": {"summary": "x"}, "tags": ["a", "b"]}));
        assert_eq!(
            flat,
            [
                ("service.summary".into(), "x".into()),
                ("tags".into(), "a".into()),
                ("tags".into(), "b".into())
            ]
        );
    }
}
