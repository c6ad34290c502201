"""magloc_data.py - the magloc data set: a magnetic dipole over an array of
nine three-axis magnetometers.

Physics (SI units): a point dipole of moment m (A m^2) at position p gives,
at a sensor at s, with r = s - p, d = |r| and u = r / d,

    B = mu0 / (4 pi) * (3 u (m . u) - m) / d^3        (tesla),

mu0 / (4 pi) = 1e-7 T m / A.  The sensors form a 3 x 3 grid in the plane
z = 0 with a 50 mm pitch; the source is above the array.

One sample: the 27 field components (sensor 0 Bx, By, Bz, sensor 1 Bx, ...)
with Gaussian sensor noise, read out as signed 16-bit counts of 0.1 uT
(full scale +-3276.7 uT), and six targets: the position x, y, z (m) and the
moment mx, my, mz (A m^2).  Strength is |m|.
"""
import numpy as np

MU0_OVER_4PI = 1e-7          # T m / A
PITCH = 0.05                 # m, sensor grid pitch
LSB_TESLA = 1e-7             # one count = 0.1 uT
NOISE_TESLA = 2e-7           # 0.2 uT rms sensor noise per axis
# Source range: x, y in [-60, 60] mm, height z in [50, 120] mm above the
# array, |m| in [0.2, 1.0] A m^2 (a small permanent magnet), any direction.
XY_RANGE = 0.06
Z_RANGE = (0.05, 0.12)
M_RANGE = (0.2, 1.0)

OUTPUT_NAMES = ["x", "y", "z", "mx", "my", "mz"]
OUTPUT_UNITS = ["m", "m", "m", "A m^2", "A m^2", "A m^2"]


def sensor_positions():
    """[9, 3] sensor positions, row by row, x fastest."""
    g = (np.arange(3) - 1) * PITCH
    return np.array([[x, y, 0.0] for y in g for x in g])


def dipole_field(sensors, pos, moment):
    """Field (T) at every sensor: sensors [S, 3], pos [N, 3], moment [N, 3]
    -> [N, S, 3], in double precision."""
    r = sensors[None, :, :] - pos[:, None, :]
    d = np.sqrt(np.sum(r * r, axis=2, keepdims=True))
    u = r / d
    mu = np.sum(moment[:, None, :] * u, axis=2, keepdims=True)
    return MU0_OVER_4PI * (3.0 * u * mu - moment[:, None, :]) / d ** 3


def to_counts(field):
    """Field (T) [N, S, 3] -> int16 counts [N, 3 S], rounded half to even and
    clipped to +-32767."""
    c = np.rint(field.reshape(field.shape[0], -1) / LSB_TESLA)
    return np.clip(c, -32767, 32767).astype(np.int16)


def sample(n, rng):
    """n samples: (int16 counts [n, 27], float64 targets [n, 6])."""
    pos = np.empty((n, 3))
    pos[:, 0:2] = rng.uniform(-XY_RANGE, XY_RANGE, size=(n, 2))
    pos[:, 2] = rng.uniform(*Z_RANGE, size=n)
    direction = rng.normal(size=(n, 3))
    direction /= np.linalg.norm(direction, axis=1, keepdims=True)
    moment = direction * rng.uniform(*M_RANGE, size=(n, 1))
    field = dipole_field(sensor_positions(), pos, moment)
    field += rng.normal(0.0, NOISE_TESLA, size=field.shape)
    return to_counts(field), np.concatenate([pos, moment], axis=1)


def errors(pred, true):
    """Per-sample position error (mm) and moment error |dm| (mA m^2)."""
    dp = np.linalg.norm(pred[:, 0:3] - true[:, 0:3], axis=1) * 1e3
    dm = np.linalg.norm(pred[:, 3:6] - true[:, 3:6], axis=1) * 1e3
    return dp, dm
