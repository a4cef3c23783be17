"""Outcomes that matter (issue 15): the pupils in need, the same children in every scenario;
their school days, recovery and effective help; the comparison that leads with benefit; and
the no-effect checks that show why process is not benefit."""
import math

import numpy as np
from scipy import stats
import pytest

from sim import caselog as ev
from sim.report.output import write_outputs
from sim.experiment.compare import Comparison, compare
from sim.followup import FOLLOW_UP_DAYS
from sim.model import SchoolModel
from sim.outcomes import aalen_johansen, cif_at, cif_quantile, km_at
from sim.report import benefit
from sim.scenario import builtin_names, load

OVERLOAD = "experiments/coordination_overload.toml"
NO_EFFECT = "experiments/skifo_no_effect.toml"


# ------------------------------------------------------------------ Aalen-Johansen
def test_aalen_johansen_matches_lifelines():
    lifelines = pytest.importorskip("lifelines")
    rng = np.random.default_rng(5)
    n = 300  # continuous times: no ties, so lifelines does not jitter
    t1, t2, c = rng.exponential(100, n), rng.exponential(150, n), rng.uniform(0, 400, n)
    t = np.minimum(np.minimum(t1, t2), c)
    e = np.where(t == t1, 1, np.where(t == t2, 2, 0))
    assert (e == 0).sum() > 20 and (e == 2).sum() > 50  # censoring and the competing event both occur
    for kind in (1, 2):
        fit = lifelines.AalenJohansenFitter(calculate_variance=False).fit(t, e, event_of_interest=kind)
        theirs = fit.cumulative_density_.iloc[:, 0]
        times, cif = aalen_johansen(t, e, kind)
        mine = np.array([cif_at(times, cif, x) for x in theirs.index.values])
        assert np.abs(mine - theirs.values).max() < 1e-12


def test_aalen_johansen_by_hand_with_ties():
    # 5 pupils: help on day 2, help and recovery on day 4, censored on day 5, help on day 6
    t = np.array([2, 4, 4, 5, 6])
    e = np.array([1, 1, 2, 0, 1])
    times, cif = aalen_johansen(t, e, 1)
    # day 2: 1/5; day 4: S(4-)=4/5, 1 of 4 helped -> +1/5; day 6: S(6-)=4/5*2/4=2/5, 1 of 1 -> +2/5
    assert list(times) == [2, 4, 6] and np.allclose(cif, [0.2, 0.4, 0.8])
    assert cif_quantile(times, cif, 0.5) == 6
    assert math.isnan(cif_quantile(times, cif, 0.9))
    # recovery is a competing event, not censoring: 1 - KM with recovery censored says more waited
    assert km_at(t.astype(float), e == 1, 6) == pytest.approx(1.0)
    assert cif_at(times, cif, 6) == pytest.approx(0.8)


# ------------------------------------------------------------------ the cohort
@pytest.fixture(scope="module")
def pair():
    """baseline and skifo on one seed, default municipality, two years measured from day 0 (no
    warm-up: the cohort is compared from the run's start; after the warm-up, see
    test_cohort_after_the_warm_up)."""
    out = {}
    for name in ("baseline", "skifo"):
        m = SchoolModel(load(name, {"calendar.warmup_years": 0}).params, seed=1, scenario=name)
        out[name] = (m, m.pop.in_episode.copy())
        m.run()
    return out


def _members(model):
    t = model.followup.table()
    return set(zip(t["pupil"].tolist(), t["onset"].tolist()))


def _episode_days(model, event):
    c = model.log.columns()
    keep = c["event"] == event
    days: dict[int, list[int]] = {}
    for p, d in zip(c["pupil"][keep].tolist(), c["day"][keep].tolist()):
        days.setdefault(p, []).append(d)
    return days


# what is decided for a pupil that changes the help acting on her: a school measure, a
# multi-agency intervention (social services, BUP, a coordinated plan), the guardians' consent
# (it strengthens all her help: ``coordination.consent_effect``)
HELP_DECIDED = (ev.SCHOOL_MEASURE, ev.MULTIAGENCY, ev.CONSENT)


def _help_decided(model):
    c = model.log.columns()
    keep = np.isin(c["event"], HELP_DECIDED)
    help_: dict[int, list[tuple[int, str, str]]] = {}
    for p, d, e, i in zip(c["pupil"][keep].tolist(), c["day"][keep].tolist(), c["event"][keep].tolist(), c["info"][keep].tolist()):
        help_.setdefault(p, []).append((d, e, i))
    return help_


def test_cohort_is_the_same_children_up_to_their_next_episode(pair):
    """Baseline and skifo (seed 1, 1,600 pupils, 2 years): the pupils in need and their onset
    days. Measured: 138 of 157 and 157 shared; of the 38 others, 36 follow an earlier episode
    that ended on another day, 2 (one pupil, onset on day 224 or 225) help decided before her
    episode started (below)."""
    (b, b_prev), (k, k_prev) = pair["baseline"], pair["skifo"]
    mb, mk = _members(b), _members(k)
    assert len(mb) > 100
    assert len(mb & mk) >= 0.85 * max(len(mb), len(mk))
    # every difference: the pupil's slot had an episode that ended on another day in the two
    # scenarios, or ended only in one (help ends episodes sooner or later, and a life event
    # starts an episode only in a pupil who is not in one); or else help decided for her since
    # her last episode ended (or the run started) and before onset differs. The staircase counts
    # all absence, illness too, so the school can act on a pupil outside an episode, and help
    # started then stays in place and acts on her next episode from its first day: seed 1's
    # pupil 1485, never in an episode before day 216, got school measures on days 76 and 116 in
    # both scenarios, and in SKIFO her guardians' consent (day 76) makes them act 1.25 times as
    # strongly, so her episode of day 216 reaches onset on day 225, not 224.
    ends_b, ends_k = _episode_days(b, ev.EPISODE_END), _episode_days(k, ev.EPISODE_END)
    starts_b, starts_k = _episode_days(b, ev.EPISODE_START), _episode_days(k, ev.EPISODE_START)
    help_b, help_k = _help_decided(b), _help_decided(k)

    def help_before_onset(help_, p, day):
        since = max([d for d in ends_b.get(p, []) if d < day], default=-1)  # help ends with the episode
        return [h for h in help_.get(p, []) if since <= h[0] < day]  # help on the onset day comes after it

    by_help = 0
    for p, day in mb ^ mk:
        if [d for d in ends_b.get(p, []) if d < day] != [d for d in ends_k.get(p, []) if d < day]:
            continue
        # the same earlier episodes: the same episode, started on the same day, reached onset
        # on another day (or not at all) only because help acted on it before onset
        assert [d for d in starts_b.get(p, []) if d <= day] == [d for d in starts_k.get(p, []) if d <= day]
        assert help_before_onset(help_b, p, day) != help_before_onset(help_k, p, day)
        by_help += 1
    assert by_help <= 0.1 * len(mb ^ mk)  # the exception, not the rule (measured: 2 of 38)
    # the first episode of a pupil outside an episode when the run starts, with the same help
    # decided for her before onset in both, is the same child on the same day in both (nothing
    # else before onset depends on the organisation)
    assert np.array_equal(b_prev, k_prev)
    first = {(p, day) for p, day in mb if not b_prev[p] and min(starts_b[p]) == max(d for d in starts_b[p] if d <= day)
             and help_before_onset(help_b, p, day) == help_before_onset(help_k, p, day)}
    assert len(first) > 50 and first <= mk


def test_cohort_after_the_warm_up():
    """With the default two-year warm-up (seed 1, 1,600 pupils) the scenarios' histories have
    diverged for two years before the cohort is enrolled: who is in an episode when measurement
    starts, and so who can start a new one, differs. Measured: 149 of the 171 (baseline) and
    192 (skifo) pupils in need shared (87 % and 78 %; 138 of 157 and 157 without warm-up);
    every difference is a pupil who had an earlier episode, whose end (or the absence before
    it, which the onset window still sees) differed with the help she got."""
    runs = {name: SchoolModel(load(name).params, seed=1, scenario=name).run() for name in ("baseline", "skifo")}
    b, k = runs["baseline"], runs["skifo"]
    assert b.measure_from_day == k.measure_from_day > 0
    mb, mk = _members(b), _members(k)
    assert len(mb) > 100
    assert len(mb & mk) >= 0.75 * max(len(mb), len(mk))
    ends_b, ends_k = _episode_days(b, ev.EPISODE_END), _episode_days(k, ev.EPISODE_END)
    for p, day in mb ^ mk:
        assert any(d < day for d in ends_b.get(p, []) + ends_k.get(p, []))


def test_follow_up_counts_what_the_pupil_did(pair):
    """Absence days and follow-up recorded by the model equal a day-by-day count from the
    pupils' own attendance (a separate run that records every day)."""
    m = SchoolModel(load("skifo", {"municipality.n_pupils": 600}).params, seed=4)
    absent = []
    while m.running and m.day < m.calendar.n_days:
        d = m.day
        m.step()
        absent.append(m.pop.absent.copy() if m.calendar.is_school_day[d] else None)
    t = m.followup.table()
    assert t["pupil"].size > 10
    for i in range(t["pupil"].size):
        days = [d for d in range(t["onset"][i], min(t["end"][i], m.day - 1) + 1) if absent[d] is not None]
        assert t["followed"][i] == len(days)
        assert t["absent"][i] == sum(int(absent[d][t["pupil"][i]]) for d in days)
    # help acts only after something was decided for the pupil's case
    helped = t["helped"] >= 0
    assert helped.sum() > 5
    decided = _episode_days(m, ev.SCHOOL_MEASURE)
    for kind in (ev.MULTIAGENCY,):
        for p, days in _episode_days(m, kind).items():
            decided.setdefault(p, []).extend(days)
    for p, day in zip(t["pupil"][helped].tolist(), t["helped"][helped].tolist()):
        assert any(d < day for d in decided.get(p, []))


def test_endpoints_in_a_run(pair):
    m, _ = pair["baseline"]
    r = m.results()["metrics"]
    assert 20 < r["pupils_in_need_per_year"] < 150
    assert 0 < r["absence_days_per_pupil_in_need"] < r["school_days_followed_per_pupil_in_need"] <= 180
    assert 0 < r["share_in_need_recovered_365d"] < 1 and 0 < r["share_effective_help_365d"] < 1
    assert 0 <= r["days_to_effective_help_median"] < FOLLOW_UP_DAYS
    assert "days_without_multiagency_contact_first_year" in r and "days_to_first_multiagency_contact_median" in r


def test_measure_from_day_counts_only_later_onsets():
    params = load("baseline", {"municipality.n_pupils": 600, "calendar.warmup_years": 0}).params  # measured from day 0 ...
    full = SchoolModel(params, seed=2).run()
    late = SchoolModel(params, seed=2)
    late.measure_from_day = late.followup.measure_from_day = 200  # the follow-up is told where measuring starts
    late.run()
    onset_full, onset_late = full.followup.table()["onset"], late.followup.table()["onset"]
    assert onset_late.min() >= 200 and np.array_equal(onset_late, onset_full[onset_full >= 200])
    assert late.results()["metrics"]["pupils_in_need_per_year"] == pytest.approx(
        onset_late.size / ((late.day - 200) / 365.0))


def test_one_year_run_has_no_full_follow_up():
    r = SchoolModel(load("baseline", {"municipality.n_pupils": 400, "calendar.years": 1}).params, seed=1).run().results()["metrics"]
    assert math.isnan(r["absence_days_per_pupil_in_need"]) and r["pupils_in_need_followed_365d"] == 0
    assert r["pupils_in_need_per_year"] > 0


# ------------------------------------------------------------------ no benefit without an effect
def test_no_help_acts_no_school_days_regained_though_process_differs(tmp_path):
    """(a) attendance.support_per_day = 0: every built-in scenario's school days regained
    against the silo are exactly zero on common random numbers (2 replications, 800 pupils,
    2 years, seed 1), while the old process headline still differs by tens of days."""
    names = ["baseline", *[n for n in builtin_names() if n != "baseline"], OVERLOAD]
    comp = compare(names, reps=2, seed=1, workers=1,
                   overrides={"municipality.n_pupils": 800, "attendance.support_per_day": 0.0})
    write_outputs(comp, tmp_path)
    diffs = benefit.benefit_differences(comp)
    moved = 0
    for label in comp.labels[1:]:
        regained = diffs[label]["school_days_regained_per_pupil_in_need"]
        assert regained["mean"] == 0.0 and regained["ci95"] == [0.0, 0.0], label
        assert diffs[label]["school_days_regained_per_year"]["mean"] == 0.0
        assert comp.values(label, "share_effective_help_365d") == [0.0, 0.0]
        process = comp.difference(label, "days_without_multiagency_contact_first_year")
        moved += abs(process.mean) > 20
    assert moved >= 4  # the process "gain" is there all the same
    text = (tmp_path / "report.html").read_text()
    assert "No model differs from" in text


@pytest.fixture(scope="module")
def no_effect():
    """baseline, skifo and skifo without a coordination effect: 8 replications, 1,600 pupils."""
    return compare(["baseline", "skifo", NO_EFFECT], reps=8, seed=1, workers=1)


def test_skifo_without_effect_is_credited_only_with_other_help(no_effect):
    """(b) skifo with plan_strength = 0 and consent_effect = 0. Measured (20 replications,
    seed 1): -2.3 [-3.3, -1.3] school days per pupil in need against the silo, skifo +3.6
    [+2.5, +4.6], while its process headline still "gains" -110 days. Its coordinated help
    delivers nothing; what it regains or loses comes from the other kinds of help."""
    comp = no_effect
    diffs = benefit.benefit_differences(comp)
    assert comp.values("skifo_no_effect", "help_dose_coordinated_per_pupil_in_need") == [0.0] * comp.reps
    assert min(comp.values("skifo", "help_dose_coordinated_per_pupil_in_need")) > 0.1
    # the split by kind of help: the change in each kind's dose against the silo
    dose = {k: np.mean(comp.values("skifo_no_effect", f"help_dose_{k}_per_pupil_in_need"))
            - np.mean(comp.values("baseline", f"help_dose_{k}_per_pupil_in_need")) for k in benefit.KINDS}
    assert dose["coordinated"] <= 0  # nothing from its own plans (the silo's SIP plans act a little)
    # primary outcome below skifo's, pair by pair
    ref = np.asarray(comp.values("baseline", "absence_days_per_pupil_in_need"))
    sk = ref - np.asarray(comp.values("skifo", "absence_days_per_pupil_in_need"))
    zero = ref - np.asarray(comp.values("skifo_no_effect", "absence_days_per_pupil_in_need"))
    # paired over the replications: the 95 % interval of skifo's lead over its no-effect copy
    # lies above zero (a t interval on the per-replicate differences, scipy.stats)
    lead = sk - zero
    lo = np.mean(lead) - stats.t.ppf(0.975, lead.size - 1) * np.std(lead, ddof=1) / np.sqrt(lead.size)
    assert lo > 0, (lead, lo)
    assert diffs["skifo_no_effect"]["school_days_regained_per_pupil_in_need"]["ci95"][1] < diffs["skifo"]["school_days_regained_per_pupil_in_need"]["ci95"][1]
    # ... while the process headline calls both "sooner"
    assert comp.difference("skifo_no_effect", "days_without_multiagency_contact_first_year").paired[1] < -50


# ------------------------------------------------------------------ the headline, whoever wins
def _fake(absence: dict[str, list[float]], help_share: float = 0.8) -> Comparison:
    labels = list(absence)
    comp = Comparison([None] * len(labels), labels, seed=1, reps=len(absence[labels[0]]))
    for label, values in absence.items():
        comp.runs[label] = [{"seed": r, "metrics": {
            "pupils_in_need_per_year": 60.0, "absence_days_per_pupil_in_need": v,
            "share_in_need_recovered_365d": 0.7 - v / 1000, "share_effective_help_365d": help_share,
            "days_to_effective_help_median": 50.0 + r}} for r, v in enumerate(values)]
    return comp


def _text(comp, lang="en"):
    return " ".join(benefit.sentences(comp, lang, str))


def test_headline_when_a_model_wins():
    comp = _fake({"baseline": [60, 62, 58, 61], "skifo": [55, 57, 53, 56], "other": [60.5, 61, 58, 62]})
    text = _text(comp)
    assert text.startswith("About <b>60 pupils a year</b>")
    assert "skifo</b>: each pupil in need <b>regains 5.0 school days</b>" in text
    assert "Most school days for pupils in need: <b>skifo</b>" in text
    assert "other</b>: no difference in school days" in text
    assert "Flest skoldagar för elever i behov: <b>skifo</b>" in _text(comp, "sv")
    per_year = benefit.benefit_differences(comp)["skifo"]["school_days_regained_per_year"]["mean"]
    assert per_year == pytest.approx(5.0 * 60)


def test_headline_when_two_winners_cannot_be_told_apart():
    comp = _fake({"baseline": [60, 62, 58, 61], "skifo": [55, 57, 53, 56], "team": [55.5, 56.5, 53.2, 55.9],
                  "other": [57, 59, 55, 58]})
    text = _text(comp)
    assert "Most school days for pupils in need: <b>skifo</b> and <b>team</b>, which the simulation cannot tell apart" in text
    assert "Flest skoldagar för elever i behov: <b>skifo</b> och <b>team</b>" in _text(comp, "sv")


def test_headline_when_the_reference_wins():
    comp = _fake({"baseline": [50, 52, 48, 51], "skifo": [55, 57.5, 53, 56], "other": [54, 56, 52.5, 55]})
    text = _text(comp)
    assert "<b>loses 5.1 school days</b>" in text and "regains" not in text
    assert "No model gives pupils in need more school days than <b>baseline</b>" in text
    assert "Most school days" not in text
    assert "Ingen modell ger elever i behov fler skoldagar än <b>baseline</b>" in _text(comp, "sv")


def test_headline_when_nothing_can_be_told_apart():
    comp = _fake({"baseline": [60, 62, 58, 61], "skifo": [61, 61, 59, 60], "other": [59, 63, 58, 61]})
    text = _text(comp)
    assert "No model differs from <b>baseline</b>" in text
    assert "regains" not in text and "loses" not in text and "Most school days" not in text
    sv = _text(comp, "sv")
    assert "Ingen modell skiljer sig från <b>baseline</b>" in sv


def test_process_alone_never_makes_a_model_better():
    from sim.report.i18n import METRICS

    for key, (en, sv, unit, scale, better, decimals) in METRICS.items():
        if en.startswith("Process:"):
            assert better is None, key
    assert METRICS["absence_days_per_pupil_in_need"][4] == "lower"
