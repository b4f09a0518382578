/**
 * Demo 15-minute load profiles: what a smart meter and a rooftop PV inverter
 * would report. Pure and deterministic (no randomness), so the same month always
 * gets the same values and tests can work the figures out by hand.
 *
 * Values are whole watt-hours per quarter hour, written as kWh with 3 decimals
 * (the precision readings are stored with).
 */
const { DateTime } = require('luxon');

const QUARTER_MS = 15 * 60_000;

/**
 * A household's energy per quarter hour by local hour of day, in Wh: fridge and
 * standby at night (~200 W), breakfast at 7, lunch at 12, cooking from 18.
 */
const HOUSEHOLD_WH = [
  50, 50, 50, 50, 50, 50, 120, 150, 80, 60, 60, 60, 140, 60, 60, 60, 60, 100, 220, 180, 140, 110, 80, 60,
];

/** The evening the demo's demand peak happens: oven, hob and dryer at once, 18:45–19:00. */
const PEAK = { hour: 18, minute: 45, wh: 2500 };

/** The second Tuesday of the month: a working day everywhere in Switzerland (no public holiday falls on it). */
function peakDay(month) {
  const first = month.startOf('month');
  const toTuesday = (2 - first.weekday + 7) % 7;
  return first.plus({ days: toTuesday + 7 });
}

/** Household Wh of the quarter hour starting at `start` (local DateTime), scaled by `factor`. */
function householdWh(start, factor = 1) {
  return Math.round(HOUSEHOLD_WH[start.hour] * factor);
}

/** The quarter hours of the local month, as local DateTimes of their starts (DST-correct: 23- and 25-hour days). */
function quarterHours(month, zone) {
  const out = [];
  const end = month.plus({ months: 1 }).startOf('month').toMillis();
  for (let t = month.startOf('month').toMillis(); t < end; t += QUARTER_MS) {
    out.push(DateTime.fromMillis(t, { zone }));
  }
  return out;
}

/**
 * A 29.6 kWp roof (74 modules of 400 Wp) on Lake Geneva (46.52° N, 6.63° E):
 * clear-sky power follows the sun's elevation, zero at night, a bell by day; each
 * day has its weather — mostly sunny, some hazy, some overcast (a flicker of
 * passing clouds on the hazy ones). Wh per quarter hour starting at `startMs`.
 */
const ROOF = { kWp: 29.6, lat: (46.52 * Math.PI) / 180, lon: 6.63, performance: 0.8 };
const WEATHER = ['sunny', 'sunny', 'hazy', 'sunny', 'overcast', 'sunny', 'hazy'];
const WEATHER_FACTOR = { sunny: 1, hazy: 0.55, overcast: 0.12 };

function weatherOf(start) {
  return WEATHER[(start.day * 3 + start.month) % WEATHER.length];
}

function solarWh(start) {
  // Sun position at the middle of the quarter hour (NOAA's simple approximation).
  const mid = start.plus({ minutes: 7.5 }).toUTC();
  const dayOfYear = mid.ordinal;
  const declination = ((-23.44 * Math.PI) / 180) * Math.cos(((2 * Math.PI) / 365) * (dayOfYear + 10));
  const solarHours = mid.hour + mid.minute / 60 + mid.second / 3600 + ROOF.lon / 15;
  const hourAngle = ((solarHours - 12) * 15 * Math.PI) / 180;
  const sinElevation =
    Math.sin(ROOF.lat) * Math.sin(declination) +
    Math.cos(ROOF.lat) * Math.cos(declination) * Math.cos(hourAngle);
  if (sinElevation <= 0) return 0;
  const weather = weatherOf(start);
  const flicker =
    weather === 'hazy' ? 0.7 + (0.3 * (((start.hour * 4 + start.minute / 15) * 37) % 10)) / 10 : 1;
  // Clear sky: the beam weakens through the air mass 1 / sin(elevation) (Meinel's 0.7^(AM^0.678)),
  // so power rises slowly after sunrise; modules tilted south catch a low sun better than flat ones.
  const clearSky = 1.1 * Math.pow(0.7, Math.pow(1 / sinElevation, 0.678));
  const onModules = Math.min(1, 1.6 * sinElevation);
  const kW = ROOF.kWp * ROOF.performance * clearSky * onModules * WEATHER_FACTOR[weather] * flicker;
  return Math.round(kW * 250); // kW × ¼ h = kWh; × 1000 Wh
}

const kWh = (wh) => (wh / 1000).toFixed(3);

module.exports = {
  HOUSEHOLD_WH,
  PEAK,
  QUARTER_MS,
  householdWh,
  kWh,
  peakDay,
  quarterHours,
  solarWh,
  weatherOf,
};
