package io.stillwatch.sim;

/**
 * Daily and weekly activity of one population in its local time zone: a weight in [0, 1] for every
 * hour of a local day, and a factor for weekends. Schedules thin a Poisson process with it
 * (Lewis and Shedler 1979, "Simulation of nonhomogeneous Poisson processes by thinning"), so
 * arrivals follow human hours, office hours, or a campaign's operating window.
 */
final class Rhythm {
    static final long HOUR = 3_600_000L;
    static final long DAY = 24 * HOUR;

    private final double[] hourly;
    private final double weekend;
    private final int tzHours;

    private Rhythm(double[] hourly, double weekend, int tzHours) {
        double max = 0;
        for (double w : hourly) {
            max = Math.max(max, w);
        }
        this.hourly = new double[24];
        for (int h = 0; h < 24; h++) {
            this.hourly[h] = hourly[h] / max;
        }
        this.weekend = weekend;
        this.tzHours = tzHours;
    }

    /** Individuals: evenings and lunch, little at night, a bit more on weekends. */
    static Rhythm human(int tz) {
        return new Rhythm(new double[] {0.25, 0.12, 0.06, 0.03, 0.03, 0.04, 0.08, 0.2, 0.35, 0.45, 0.5, 0.55,
            0.65, 0.6, 0.55, 0.55, 0.6, 0.7, 0.8, 0.9, 1.0, 0.95, 0.75, 0.45}, 1.1, tz);
    }

    /** Office work: 9 to 18 on weekdays, a trickle in evenings and weekends. */
    static Rhythm office(int tz) {
        return new Rhythm(new double[] {0.02, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.15, 0.5, 0.9, 1.0, 1.0,
            0.7, 0.85, 1.0, 1.0, 0.9, 0.7, 0.35, 0.2, 0.18, 0.15, 0.1, 0.05}, 0.12, tz);
    }

    /** Developers: office hours with late-evening sessions. */
    static Rhythm developer(int tz) {
        return new Rhythm(new double[] {0.15, 0.08, 0.04, 0.02, 0.02, 0.03, 0.05, 0.12, 0.4, 0.8, 1.0, 1.0,
            0.7, 0.85, 1.0, 1.0, 0.9, 0.7, 0.45, 0.4, 0.5, 0.55, 0.45, 0.3}, 0.3, tz);
    }

    /** Students: classes in the day, homework in the evening and the night before deadlines. */
    static Rhythm student(int tz) {
        return new Rhythm(new double[] {0.35, 0.2, 0.08, 0.03, 0.02, 0.02, 0.03, 0.08, 0.3, 0.6, 0.8, 0.7,
            0.5, 0.7, 0.8, 0.7, 0.6, 0.5, 0.5, 0.7, 0.9, 1.0, 0.9, 0.6}, 0.6, tz);
    }

    /** A service used around the clock by end users, with a mild daily swing. */
    static Rhythm service(int tz) {
        return new Rhythm(new double[] {0.4, 0.33, 0.3, 0.28, 0.3, 0.35, 0.45, 0.6, 0.8, 0.9, 0.95, 1.0,
            1.0, 0.98, 0.95, 0.95, 0.93, 0.9, 0.85, 0.8, 0.75, 0.7, 0.6, 0.5}, 0.85, tz);
    }

    /** A campaign's operating window: hours [from, to) in UTC at full rate, a residue outside, no weekend dip. */
    static Rhythm window(int fromHourUtc, int toHourUtc, double outside) {
        double[] w = new double[24];
        for (int h = 0; h < 24; h++) {
            boolean in = fromHourUtc <= toHourUtc ? h >= fromHourUtc && h < toHourUtc
                    : h >= fromHourUtc || h < toHourUtc;
            w[h] = in ? 1.0 : outside;
        }
        return new Rhythm(w, 1.0, 0);
    }

    /** Weight in [0, 1] at epoch millis {@code t}. */
    double weight(long t) {
        long localHours = Math.floorDiv(t, HOUR) + tzHours;
        int hour = (int) Math.floorMod(localHours, 24L);
        int dow = (int) Math.floorMod(Math.floorDiv(localHours, 24L) + 3, 7L); // 1970-01-01 was a Thursday; 0 = Monday
        double w = hourly[hour];
        if (dow >= 5) {
            w *= weekend;
        }
        return Math.min(1.0, w);
    }

    /**
     * Mean accepted share of a day, so that a thinned process with peak rate
     * {@code perDay / acceptance()} per day yields {@code perDay} arrivals per day on average.
     */
    double acceptance() {
        double sum = 0;
        for (double w : hourly) {
            sum += w;
        }
        double weekdayShare = sum / 24.0;
        double weekendShare = Math.min(1.0, weekend) * sum / 24.0;
        return (5 * weekdayShare + 2 * weekendShare) / 7.0;
    }
}
