//! Regular expressions of profile fields (`pattern`): the `regex-lite` crate natively (the
//! intake and the CLI, which decide), the browser's own `RegExp` in the pane (so that the pane
//! does not carry a second regex engine; the common syntax — classes, anchors, repetitions —
//! is the same in both).

/// Whether `pattern` compiles. Errors: the engine's message.
pub fn compiles(pattern: &str) -> Result<(), String> {
    imp::compile(pattern).map(|_| ())
}

/// Whether `text` matches `pattern` (`None`: the pattern does not compile).
pub fn matches(pattern: &str, text: &str) -> Option<bool> {
    imp::compile(pattern).ok().map(|re| imp::is_match(&re, text))
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    pub fn compile(p: &str) -> Result<regex_lite::Regex, String> {
        regex_lite::Regex::new(p).map_err(|e| e.to_string())
    }

    pub fn is_match(re: &regex_lite::Regex, text: &str) -> bool {
        re.is_match(text)
    }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use wasm_bindgen::JsCast;

    pub fn compile(p: &str) -> Result<js_sys::RegExp, String> {
        // `new RegExp(p, "u")` through Reflect.construct, which returns its exception instead
        // of aborting (no eval: fine under a strict Content-Security-Policy).
        let ctor: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &"RegExp".into())
            .map_err(|_| "no RegExp".to_string())?
            .dyn_into()
            .map_err(|_| "no RegExp".to_string())?;
        let args = js_sys::Array::of2(&p.into(), &"u".into());
        let re = js_sys::Reflect::construct(&ctor, &args).map_err(|e| format!("invalid pattern: {e:?}"))?;
        re.dyn_into().map_err(|_| "not a RegExp".to_string())
    }

    pub fn is_match(re: &js_sys::RegExp, text: &str) -> bool {
        re.test(text)
    }
}
