//! Tera filters for words that fit the person, shared by pages, e-mails and documents:
//! `agree` (form of address), `plural` and `de` (elision). The rules are in
//! [`crate::domain::address`].

use std::collections::HashMap;

use tera::Value;

use crate::domain::address::{self, Address};

fn arg<'a>(args: &'a HashMap<String, Value>, name: &str) -> tera::Result<&'a str> {
    args.get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| tera::Error::msg(format!("argument {name}=… expected")))
}

/// `{{ address | agree(f="inscrite", m="inscrit", n="inscription confirmée") }}`.
pub fn agree(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let address = Address::parse(value.as_str().unwrap_or_default());
    Ok(Value::String(
        address
            .agree(arg(args, "f")?, arg(args, "m")?, arg(args, "n")?)
            .to_owned(),
    ))
}

/// `{{ count | plural(one="résultat", many="résultats") }}` gives « 2 résultats ».
pub fn plural(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let count = value
        .as_i64()
        .or_else(|| value.as_u64().and_then(|u| i64::try_from(u).ok()))
        .unwrap_or(0);
    Ok(Value::String(address::plural(
        count,
        arg(args, "one")?,
        arg(args, "many")?,
    )))
}

/// `{{ name | de }}` gives « d'Anne » or « de Bruno ».
pub fn de(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    Ok(Value::String(address::de(
        value.as_str().unwrap_or_default(),
    )))
}

/// Registers the filters.
pub fn register(tera: &mut tera::Tera) {
    tera.register_filter("agree", agree);
    tera.register_filter("plural", plural);
    tera.register_filter("de", de);
}
