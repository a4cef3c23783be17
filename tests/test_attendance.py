"""The compiled attendance rules (sim/attendance.py), pupil by pupil, on hand-made states."""
import numpy as np
import pytest

from sim.attendance import episode_day, first_uniform, illness_and_life_events, onset_and_end, second_uniform


def bits_of(u0=None, u1=None) -> np.ndarray:
    """A day's draws (64 bits per pupil) whose two uniforms are ``u0`` and ``u1`` (to 2**-32)."""
    n = len(u0 if u0 is not None else u1)
    high = np.zeros(n, np.uint64) if u0 is None else np.round(np.asarray(u0) * 2.0**32).astype(np.uint64)
    low = np.zeros(n, np.uint64) if u1 is None else np.round(np.asarray(u1) * 2.0**32).astype(np.uint64)
    return (high << np.uint64(32)) | low


def test_a_days_draws_split_into_two_uniforms():
    bits = np.array([0, 2**64 - 1, (3 << 32) | 5, 1 << 63], dtype=np.uint64)
    first = [first_uniform(b) for b in bits]
    second = [second_uniform(b) for b in bits]
    assert first == [0.0, 1 - 2.0**-32, 3 * 2.0**-32, 0.5]
    assert second == [0.0, 1 - 2.0**-32, 5 * 2.0**-32, 0.0]
    # from a stream: both halves uniform on [0, 1) and uncorrelated
    raw = np.random.default_rng(3).bit_generator.random_raw(200_000)
    u0 = np.array([first_uniform(b) for b in raw[:20_000]])
    u1 = np.array([second_uniform(b) for b in raw[:20_000]])
    assert abs(u0.mean() - 0.5) < 0.006 and abs(u1.mean() - 0.5) < 0.006  # 3 standard errors (0.002)
    assert abs(np.corrcoef(u0, u1)[0, 1]) < 0.021  # 3 standard errors (0.007)


def test_illness_chain_and_life_events_use_one_uniform():
    # pupil 0: ill, stays ill (u < cont); pupil 1: well, falls ill; pupil 2: well, no illness but a
    # life event in the rest of u; pupil 3: already in an episode (listed, no new start)
    u0 = np.array([0.5, 0.01, 0.0505, 0.9])
    ill = np.array([True, False, False, False])
    in_episode = np.array([False, False, False, True])
    ill_start = np.full(4, 0.05)
    shock = np.array([0.0, 0.0, 0.01, 0.5])
    started, rest, ep = np.empty(4, np.int64), np.empty(4), np.empty(4, np.int64)
    k, m = illness_and_life_events(bits_of(u0), ill, in_episode, ill_start, 0.8, shock, started, rest, ep)
    assert ill.tolist() == [True, True, False, False]
    assert k == 1 and started[0] == 2
    assert rest[0] == pytest.approx((0.0505 - 0.05) / 0.95)
    assert ep[:m].tolist() == [2, 3]


def test_episode_day_moves_severity_by_momentum_drift_and_ramped_support():
    n = 3
    ep = np.array([0, 2])
    sev = np.array([0.0, 0.0, 1.0])
    p_away = 1 / (1 + np.exp(-sev[ep]))
    u1 = np.array([0.1, 0.9, 0.99])  # pupil 0 away (and reported valid below p_away / 2), pupil 2 present
    absent, valid = np.zeros(n, bool), np.zeros(n, bool)
    drift = np.array([0.01, 0.0, -0.02])
    supported = np.array([False, False, True])
    support = np.zeros((n, 4, 2))  # strength, start, ramp days, efficacy per kind
    support[:, 2, :] = 1.0
    support[2, :, 0] = (1.0, 0.0, 10.0, 0.5)  # day 5 of a 10-day ramp: half of 1.0 x 0.5
    support[2, :, 1] = (2.0, 0.0, 1.0, 1.0)   # fully ramped
    joint = np.array([1.0, 1.0, 1.5])
    episode_day(5, ep, p_away, bits_of(u1=u1), absent, valid, sev, drift, supported, support, joint, 0.1, 0.5, 0.2)
    assert absent.tolist() == [True, False, False] and valid.tolist() == [True, False, False]
    assert sev[0] == pytest.approx(0.0 + 0.1 + 0.01)
    assert sev[2] == pytest.approx(1.0 - 0.1 - 0.02 - 0.2 * (0.25 + 2.0) * 1.5)
    assert sev[1] == 0.0  # not in an episode: untouched


def test_onset_and_end():
    ep = np.array([0, 1, 2])
    onset_day = np.array([-1, 7, -1], np.int32)
    roll = np.array([6, 9, 2], np.int32)
    needs = np.zeros(3, bool)
    drift = np.array([0.1, 0.1, -0.1])
    sev = np.array([0.0, -5.0, 0.0])
    in_episode, supported = np.ones(3, bool), np.ones(3, bool)
    support = np.ones((3, 4, 2))
    onset, ended = np.empty(3, np.int64), np.empty(3, np.int64)
    n_on, n_end = onset_and_end(9, ep, onset_day, roll, 6.0, needs, drift, sev, -3.0, in_episode, supported,
                                support, onset, ended)
    assert onset[:n_on].tolist() == [0] and onset_day.tolist() == [9, 7, -1] and needs.tolist() == [True, False, False]
    assert ended[:n_end].tolist() == [1] and in_episode.tolist() == [True, False, True]
    assert not supported[1] and (support[1, 0] == 0).all() and (support[0, 0] == 1).all()
