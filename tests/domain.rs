//! The treaty space (frontier, Nash point, distances) and its export as a
//! GENIUS domain that negotiation agents outside Umbrella can use.

use crate::common::*;
use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use std::collections::{BTreeMap, BTreeSet};
use umbrella::core::*;
use umbrella::lab::genius;
use umbrella::lab::treaty_space::TreatySpace;

const SCENARIOS: [&str; 2] = ["nato-lite-2025", "brussels-2025"];

/// A small deterministic generator (xorshift), enough to pick test drafts.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

fn random_draft(s: &Scenario, dice: &mut Dice) -> Draft {
    let mut d = Draft::default();
    for f in s.clause_ids() {
        let n = s.clause(f).options.len();
        let pick = if s.clause(f).is_subset() {
            Pick::from_bits(dice.below(1 << n) as u32)
        } else {
            Pick::one(dice.below(n))
        };
        d = d.with(f, pick);
    }
    d
}

/// Every well-formed draft, with the fixed clauses of `config` only.
fn all_drafts(s: &Scenario, config: &GameConfig) -> Vec<Draft> {
    let mut drafts = vec![Draft::default()];
    for f in s.clause_ids() {
        let n = s.clause(f).options.len();
        let picks: Vec<Pick> = match config.fixed_pick(f) {
            Some(p) => vec![p],
            None if s.clause(f).is_subset() => (0..1u32 << n).map(Pick::from_bits).collect(),
            None => (0..n).map(Pick::one).collect(),
        };
        drafts = drafts
            .iter()
            .flat_map(|d| picks.iter().map(move |p| d.with(f, *p)))
            .collect();
    }
    drafts
}

// ---------------------------------------------------------------- GENIUS files

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().map(|a| a.unwrap()).find_map(|a| {
        (a.key.as_ref() == name).then(|| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .unwrap()
                .into_owned()
        })
    })
}

/// Start and empty tags of a document, with their attributes, in order.
fn elements(xml: &str) -> Vec<(String, BTreeMap<String, String>)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut depth = 0;
    loop {
        let e = match reader.read_event() {
            Ok(Event::Start(e)) => {
                depth += 1;
                e
            }
            Ok(Event::Empty(e)) => e,
            Ok(Event::End(_)) => {
                depth -= 1;
                continue;
            }
            Ok(Event::Eof) => break,
            Ok(_) => continue,
            Err(e) => panic!("not well-formed at {}: {e}", reader.buffer_position()),
        };
        let name = e.name().as_ref().to_string();
        let attrs = e
            .attributes()
            .map(|a| a.unwrap())
            .map(|a| {
                let key = a.key.as_ref().to_string();
                (key.clone(), attr(&e, &key).unwrap())
            })
            .collect();
        out.push((name, attrs));
    }
    assert_eq!(depth, 0, "unbalanced tags");
    out
}

/// A domain as GENIUS reads it: issue names and their values, in order.
fn parse_domain(xml: &str) -> Vec<(String, Vec<String>)> {
    let mut issues: Vec<(String, Vec<String>)> = Vec::new();
    let mut declared = 0;
    for (tag, a) in elements(xml) {
        match tag.as_str() {
            "utility_space" => declared = a["number_of_issues"].parse().unwrap(),
            "issue" => {
                assert_eq!(a["index"], (issues.len() + 1).to_string());
                assert_eq!(a["etype"], "discrete");
                issues.push((a["name"].clone(), Vec::new()));
            }
            "item" => {
                let values = &mut issues.last_mut().unwrap().1;
                assert_eq!(a["index"], (values.len() + 1).to_string());
                values.push(a["value"].clone());
            }
            _ => {}
        }
    }
    assert_eq!(declared, issues.len());
    issues
}

/// A linear-additive profile: per issue its name, value evaluations and weight.
struct Profile {
    issues: Vec<(String, BTreeMap<String, f64>, f64)>,
    reservation: f64,
    discount: f64,
}

impl Profile {
    fn parse(xml: &str) -> Profile {
        let mut issues: Vec<(String, BTreeMap<String, f64>, f64)> = Vec::new();
        let mut weights = BTreeMap::new();
        let (mut reservation, mut discount) = (f64::NAN, f64::NAN);
        for (tag, a) in elements(xml) {
            match tag.as_str() {
                "issue" => issues.push((a["name"].clone(), BTreeMap::new(), f64::NAN)),
                "item" => {
                    let e: f64 = a["evaluation"].parse().unwrap();
                    assert!(e >= 0.0, "GENIUS evaluations are not negative");
                    issues.last_mut().unwrap().1.insert(a["value"].clone(), e);
                }
                "weight" => {
                    let index: usize = a["index"].parse().unwrap();
                    weights.insert(index, a["value"].parse::<f64>().unwrap());
                }
                "reservation" => reservation = a["value"].parse().unwrap(),
                "discount_factor" => discount = a["value"].parse().unwrap(),
                _ => {}
            }
        }
        assert_eq!(weights.len(), issues.len(), "one weight per issue");
        for (i, issue) in issues.iter_mut().enumerate() {
            issue.2 = weights[&(i + 1)];
        }
        Profile {
            issues,
            reservation,
            discount,
        }
    }

    /// GENIUS's additive utility: Σ w · eval(v) / max eval (0 if max is 0).
    fn utility(&self, bid: &BTreeMap<String, String>) -> f64 {
        self.issues
            .iter()
            .map(|(name, evals, w)| {
                let max = evals.values().copied().fold(0.0, f64::max);
                let e = evals[&bid[name]];
                if max < 1e-5 { 0.0 } else { w * e / max }
            })
            .sum()
    }
}

/// A draft as a GENIUS bid, built here independently of the exporter.
fn bid_of(s: &Scenario, d: &Draft) -> BTreeMap<String, String> {
    let mut bid = BTreeMap::new();
    for f in s.clause_ids() {
        let clause = s.clause(f);
        if clause.is_subset() {
            for (o, option) in clause.options.iter().enumerate() {
                let yes = if d.has(f, o) { "yes" } else { "no" };
                bid.insert(format!("{}-{}", clause.id, option.id), yes.to_string());
            }
        } else {
            bid.insert(clause.id.clone(), clause.options[d.option(f)].id.clone());
        }
    }
    bid
}

#[test]
fn the_genius_domain_lists_every_clause_option() {
    for name in SCENARIOS {
        let s = scenario(name);
        let files = genius::files(&s);
        assert_eq!(files[0].0, format!("{name}-domain.xml"));
        let issues = parse_domain(&files[0].1);
        let mut expected = Vec::new();
        for f in s.clause_ids() {
            let clause = s.clause(f);
            if clause.is_subset() {
                for o in &clause.options {
                    expected.push((
                        format!("menu-{}", o.id),
                        vec!["no".to_string(), "yes".to_string()],
                    ));
                }
            } else {
                expected.push((
                    clause.id.clone(),
                    clause.options.iter().map(|o| o.id.clone()).collect(),
                ));
            }
        }
        assert_eq!(issues, expected, "{name}");
        // One profile per seat, named after the faction.
        let names: Vec<&str> = files[1..].iter().map(|(n, _)| n.as_str()).collect();
        let want: Vec<String> = s
            .factions()
            .iter()
            .map(|f| format!("{name}-{}.xml", f.id))
            .collect();
        assert_eq!(names, want);
    }
}

#[test]
fn genius_profiles_give_every_seat_its_own_utility_exactly() {
    for name in SCENARIOS {
        let s = scenario(name);
        let files = genius::files(&s);
        let mut dice = Dice(0x9e37_79b9_7f4a_7c15);
        let mut drafts: Vec<Draft> = (0..300).map(|_| random_draft(&s, &mut dice)).collect();
        drafts.push(s.fallback().draft);
        for seat in s.seats() {
            let faction = &s.faction(seat).id;
            let (_, xml) = files
                .iter()
                .find(|(n, _)| *n == format!("{name}-{faction}.xml"))
                .unwrap();
            let profile = Profile::parse(xml);
            let utility = Utility::of(&s, seat);
            let total: f64 = profile.issues.iter().map(|i| i.2).sum();
            assert!(
                (total - 1.0).abs() < 1e-9,
                "{faction}: weights sum to {total}"
            );
            assert_eq!(profile.discount, 1.0);
            let fallback = utility.value(&s.fallback().draft);
            assert!((profile.reservation - fallback).abs() < 1e-12, "{faction}");
            for d in &drafts {
                let genius = profile.utility(&bid_of(&s, d));
                let ours = utility.value(d);
                assert!(
                    (genius - ours).abs() < 1e-9,
                    "{name} {faction} {d:?}: GENIUS {genius}, Umbrella {ours}"
                );
            }
            // The exporter's own bids agree with the ones built here.
            let bid: BTreeMap<String, String> = genius::bid(&s, &drafts[0]).into_iter().collect();
            assert_eq!(bid, bid_of(&s, &drafts[0]));
        }
    }
}

#[test]
fn genius_files_escape_markup_in_scenario_text() {
    let s = modified(&nato_lite(), |raw| {
        // (A label is one line: validation refuses a line break in it.)
        raw.clauses[0].options[0].label = "Article 5 <\"extended\"> & more".into();
        raw.title = "Tom & Jerry's \"treaty\"".into();
    });
    let xml = genius::domain_xml(&s);
    let items: Vec<BTreeMap<String, String>> = elements(&xml)
        .into_iter()
        .filter(|(tag, _)| tag == "item" || tag == "objective")
        .map(|(_, a)| a)
        .collect();
    assert_eq!(items[0]["description"], "Tom & Jerry's \"treaty\"");
    assert_eq!(items[1]["description"], "Article 5 <\"extended\"> & more");
    // GENIUS's parser ends a tag at the first '>': none inside attributes.
    for line in xml.lines() {
        assert_eq!(line.matches('>').count(), 1, "{line}");
    }
}

// ---------------------------------------------------------------- command line

fn umbrella() -> assert_cmd::Command {
    cargo_bin_cmd!("umbrella")
}

#[test]
fn export_domain_writes_the_domain_and_a_profile_per_seat() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("genius");
    let assert = umbrella()
        .args([
            "export-domain",
            "--scenario",
            "brussels-2025",
            "--format",
            "genius",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let s = scenario("brussels-2025");
    let expected: Vec<(String, String)> = genius::files(&s);
    assert_eq!(stdout.lines().count(), expected.len(), "{stdout}");
    for (name, contents) in expected {
        assert!(stdout.contains(&name), "{stdout}");
        assert_eq!(std::fs::read_to_string(out.join(&name)).unwrap(), contents);
    }
}

#[test]
fn export_domain_rejects_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    umbrella()
        .args(["export-domain", "--format", "foo", "--out"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("genius"));
    umbrella()
        .args([
            "export-domain",
            "--scenario",
            "atlantis",
            "--format",
            "genius",
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("atlantis"));
    // A folder that cannot be created is a failure, not bad usage.
    let file = dir.path().join("plain-file");
    std::fs::write(&file, "not a folder").unwrap();
    umbrella()
        .args(["export-domain", "--format", "genius", "--out"])
        .arg(file.join("genius"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot create the folder"));
    assert!(std::fs::read_dir(dir.path()).unwrap().count() == 1);
}

// ---------------------------------------------------------------- treaty space

/// Everything `TreatySpace` claims, checked against every draft of the space.
fn check_against_brute_force(s: &Scenario, config: &GameConfig) -> TreatySpace {
    let space = TreatySpace::new(s, config);
    let seats = space.negotiators().to_vec();
    assert!(seats.iter().all(|x| s.faction(*x).role != Role::Aggressor));
    let utilities: Vec<Utility> = seats.iter().map(|x| Utility::of(s, *x)).collect();
    assert_eq!(space.utilities(), &utilities[..]);
    let fallback = config.apply(s.fallback().draft);
    // The fallback without the aims it cannot earn (a negotiated treaty, a
    // signature it does not carry).
    let bound = s.fallback().signatories;
    let d: Vec<i32> = seats
        .iter()
        .zip(&utilities)
        .map(|(x, u)| {
            u.units(&fallback)
                - umbrella::core::unearned_by_fallback(
                    s,
                    &s.faction(*x).secret.objectives,
                    &fallback,
                    bound,
                )
        })
        .collect();
    for (i, u) in utilities.iter().enumerate() {
        assert_eq!(space.disagreement()[i], u.scale(d[i]));
    }
    let feasible = |x: &Draft| {
        seats
            .iter()
            .all(|seat| crossed_red_lines(s, *seat, x).next().is_none())
    };

    // The first draft (in clause order) of each feasible utility vector.
    let mut vectors: BTreeMap<Vec<i32>, Draft> = BTreeMap::new();
    for x in all_drafts(s, config) {
        if feasible(&x) {
            let v: Vec<i32> = utilities.iter().map(|u| u.units(&x)).collect();
            vectors
                .entry(v)
                .and_modify(|y| *y = (*y).min(x))
                .or_insert(x);
        }
    }
    let dominates = |a: &[i32], b: &[i32]| a.iter().zip(b).all(|(x, y)| x >= y) && a != b;
    // Sort-filter skyline: a dominating vector has a larger sum, so it comes first.
    let mut by_sum: Vec<(&Vec<i32>, &Draft)> = vectors.iter().collect();
    by_sum.sort_by_key(|(v, _)| std::cmp::Reverse(v.iter().sum::<i32>()));
    let mut frontier: BTreeMap<&Vec<i32>, &Draft> = BTreeMap::new();
    for (v, x) in by_sum {
        if !frontier.keys().any(|w| dominates(w, v)) {
            frontier.insert(v, x);
        }
    }

    let theirs: BTreeSet<Vec<i32>> = space
        .frontier()
        .iter()
        .map(|p| utilities.iter().map(|u| u.units(&p.draft)).collect())
        .collect();
    assert_eq!(theirs.len(), space.frontier_len(), "one point per vector");
    assert_eq!(
        theirs,
        frontier
            .keys()
            .map(|v| (*v).clone())
            .collect::<BTreeSet<_>>()
    );
    for p in space.frontier() {
        let v: Vec<i32> = utilities.iter().map(|u| u.units(&p.draft)).collect();
        assert_eq!(
            p.draft, *frontier[&v],
            "the first draft with these utilities"
        );
        assert_eq!(p.draft, config.apply(p.draft), "fixed clauses hold");
        assert!(p.draft.is_valid(s));
        assert!(
            !vectors.keys().any(|w| dominates(w, &v)),
            "no feasible draft dominates a frontier point"
        );
        assert_eq!(p.utilities, space.utilities_of(&p.draft));
        assert_eq!(space.pareto_distance(&p.draft), 0.0);
    }

    // The Nash point maximises the product of gains over individually rational drafts.
    let gains = |v: &[i32]| -> Option<f64> {
        let rational = v.iter().zip(&d).all(|(u, d)| u >= d);
        rational.then(|| {
            v.iter()
                .zip(&d)
                .zip(&utilities)
                .map(|((u, d), ut)| ut.scale(*u) - ut.scale(*d))
                .product()
        })
    };
    let best = vectors
        .keys()
        .filter_map(|v| gains(v))
        .fold(None, |m: Option<f64>, g| Some(m.map_or(g, |m| m.max(g))));
    assert_eq!(space.zopa(), best.is_some());
    match (space.nash(), best) {
        (Some(nash), Some(best)) => {
            assert!(feasible(&nash));
            let v: Vec<i32> = utilities.iter().map(|u| u.units(&nash)).collect();
            let g = gains(&v).expect("the Nash point is individually rational");
            assert!(g >= best - 1e-12, "Nash product {g}, best {best}");
            assert_eq!(space.nash_distance(&nash), 0.0);
            assert_eq!(space.pareto_distance(&nash), 0.0);
        }
        (None, None) => {
            assert!(space.nash_distance(&s.fallback().draft).is_nan());
        }
        (nash, best) => panic!("Nash {nash:?} but best product {best:?}"),
    }

    // Distances of other drafts lie in 0..1, and dominated drafts are off the frontier.
    let mut dice = Dice(7);
    for _ in 0..200 {
        let x = config.apply(random_draft(s, &mut dice));
        let pd = space.pareto_distance(&x);
        let v: Vec<i32> = utilities.iter().map(|u| u.units(&x)).collect();
        if frontier.is_empty() {
            assert!(pd.is_nan());
            continue;
        }
        assert!((0.0..=1.0).contains(&pd), "{pd}");
        if feasible(&x) && !frontier.contains_key(&v) {
            assert!(pd > 0.0, "a dominated draft is off the frontier");
        }
        if space.zopa() {
            let nd = space.nash_distance(&x);
            assert!((0.0..=1.0).contains(&nd), "{nd}");
        }
    }
    space
}

#[test]
fn the_treaty_space_matches_brute_force() {
    // Small enough for a debug build: a few clauses fixed.
    let s = nato_lite();
    let config = GameConfig {
        fixed: vec![pick(&s, "preauth", &["no"]), pick(&s, "burden", &["equal"])],
        ..GameConfig::default()
    };
    let space = check_against_brute_force(&s, &config);
    assert!(space.zopa());
    assert_eq!(space.negotiators().len(), 4, "everyone but Russia");

    let s = scenario("brussels-2025");
    let config = GameConfig {
        fixed: vec![
            pick(&s, "framework", &["pact"]),
            pick(&s, "russia", &["none"]),
        ],
        ..GameConfig::default()
    };
    check_against_brute_force(&s, &config);
}

#[test]
fn the_whole_treaty_space_matches_brute_force() {
    // All 165,888 drafts of the default scenario (about two seconds in a debug build).
    let space = check_against_brute_force(&nato_lite(), &GameConfig::default());
    assert!(space.frontier_len() > 1);
}

#[test]
fn a_fixed_clause_across_a_red_line_leaves_no_agreement() {
    // Ukraine will never accept consultation only.
    let s = nato_lite();
    let config = GameConfig {
        fixed: vec![pick(&s, "obligation", &["consult"])],
        ..GameConfig::default()
    };
    let space = check_against_brute_force(&s, &config);
    assert!(!space.zopa());
    assert_eq!(space.nash(), None);
    assert_eq!(space.frontier_len(), 0);
    assert!(space.pareto_distance(&s.fallback().draft).is_nan());
}
