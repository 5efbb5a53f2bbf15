//! Every use case of a session runs inside that session's step span, so every line it logs
//! carries the step the user is on ([`oces_core::session::Session::log_step`]). Its own test
//! binary with the process's one subscriber (set once, before anything logs): a scoped one
//! would race tracing's callsite cache with the other tests of a binary. The subscriber
//! records the step of every span entered, so a use case that logs nothing is checked too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use oces_core::session::Session;
use std::sync::{Arc, Mutex};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// The steps of the spans entered, in order.
#[derive(Clone, Default)]
struct Entered(Arc<Mutex<Vec<String>>>);

struct StepOf(String);

struct StepField(Option<String>);

impl Visit for StepField {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "step" {
            self.0 = Some(value.to_string());
        }
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "step" {
            self.0 = Some(format!("{value:?}"));
        }
    }
}

impl<S> Layer<S> for Entered
where
    S: tracing::Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut step = StepField(None);
        attrs.record(&mut step);
        if let (Some(step), Some(span)) = (step.0, ctx.span(id)) {
            span.extensions_mut().insert(StepOf(step));
        }
    }
    fn on_enter(&self, id: &Id, ctx: Context<'_, S>) {
        if let Some(step) = ctx.span(id).and_then(|s| {
            let ext = s.extensions();
            ext.get::<StepOf>().map(|s| s.0.clone())
        }) {
            self.0.lock().unwrap().push(step);
        }
    }
}

impl Entered {
    /// The steps entered while `f` ran.
    fn during(&self, f: impl FnOnce()) -> Vec<String> {
        self.0.lock().unwrap().clear();
        f();
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

/// A use case called on a session, its result dropped.
type Call<'a> = Box<dyn Fn() + 'a>;

#[test]
fn every_use_case_enters_its_sessions_step() {
    let entered = Entered::default();
    tracing::subscriber::set_global_default(tracing_subscriber::registry().with(entered.clone()))
        .expect("the process's one subscriber");
    let dir = tempfile::tempdir().unwrap();
    let one = Session::load(None, None);
    let two = Session::load(
        Some(oces_core::paths::AppPaths::in_dir(dir.path())),
        Some(oces_core::paths::UserFolders::under(
            dir.path().join("home"),
        )),
    );
    one.choose_flow("dms").unwrap();
    two.choose_flow("cug").unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // The use cases that logged `step=-` before (they entered no span), then a few of the
    // others, each on both sessions: each enters its own session's step and no other.
    for (s, step, other) in [(&one, "DMS-1", "CUG-1"), (&two, "CUG-1", "DMS-1")] {
        let cases: Vec<(&str, Call)> = vec![
            ("list_stores", Box::new(|| drop(s.list_stores()))),
            (
                "old_store_certificates",
                Box::new(|| drop(s.old_store_certificates())),
            ),
            ("policy_report", Box::new(|| drop(s.policy_report()))),
            ("cancel_probe", Box::new(|| s.cancel_probe())),
            ("cancel_revocation", Box::new(|| s.cancel_revocation())),
            (
                "guide_received",
                Box::new(|| {
                    let _ = s.guide_received(&["--automation"]);
                }),
            ),
            (
                "check_revocation",
                Box::new(|| drop(runtime.block_on(s.check_revocation("00")))),
            ),
            ("advance", Box::new(|| drop(s.advance()))),
            ("find_files", Box::new(|| drop(s.find_files()))),
            ("unlock_file", Box::new(|| drop(s.unlock_file(None)))),
            ("rid_comparison", Box::new(|| drop(s.rid_comparison()))),
        ];
        for (name, call) in cases {
            let steps = entered.during(call);
            assert!(
                steps.iter().any(|s| s == step),
                "{name} entered no span of {step}: {steps:?}"
            );
            assert!(
                !steps.iter().any(|s| s == other || s == "-"),
                "{name}: {steps:?}"
            );
        }
    }
    // Outside a use case, nothing is entered.
    assert_eq!(entered.during(|| drop(one.view())), Vec::<String>::new());
}
