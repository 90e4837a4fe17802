package io.stillwatch.sim.eval;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.stillwatch.model.codec.Rfc3339;
import io.stillwatch.sim.eval.Evaluation.CampaignScore;
import io.stillwatch.sim.eval.Evaluation.PopulationScore;
import io.stillwatch.sim.eval.Evaluation.ReportedCampaign;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Renders an {@link Evaluation} as a readable table or as JSON (undefined ratios as null). */
public final class EvaluationFormat {
    private static final JsonFactory JSON = new JsonFactory();

    private EvaluationFormat() {
    }

    public static String table(Evaluation e) {
        StringBuilder sb = new StringBuilder();
        var c = e.overall();
        sb.append(String.format(Locale.ROOT, "scenario %s: %,d exchanges, %,d accounts%n", e.scenario(), e.exchanges(),
                e.accounts()));
        sb.append(String.format(Locale.ROOT, "accounts: precision %s  recall %s  F1 %s   (tp %d, fp %d, fn %d, tn %d)%n",
                pct(c.precision()), pct(c.recall()), pct(c.f1()), c.tp(), c.fp(), c.fn(), c.tn()));
        if (e.unknownFlags() > 0) {
            sb.append(String.format(Locale.ROOT, "warning: %d flags name accounts the truth does not know (ignored)%n",
                    e.unknownFlags()));
        }
        sb.append(String.format(Locale.ROOT, "%npopulation            label   hard-neg  accounts  flagged  share%n"));
        for (PopulationScore p : e.populations()) {
            sb.append(String.format(Locale.ROOT, "%-21s %-7s %-8s %9d %8d  %s%n", p.kind(), p.label(),
                    p.hardNegative() ? "yes" : "", p.accounts(), p.flagged(), pct(p.flaggedShare())));
        }
        sb.append(String.format(Locale.ROOT,
                "%ncampaign      kind                accounts  recall  exchanges  leaked  delay-med  delay-p90  first-flag-after%n"));
        for (CampaignScore s : e.campaigns()) {
            sb.append(String.format(Locale.ROOT, "%-13s %-19s %8d  %6s  %9d  %6s  %9s  %9s  %s%n", s.id(), s.kind(), s.accounts(),
                    pct(s.recall()), s.exchanges(), pct(s.leakedShare()), pct(s.delayMedian()), pct(s.delayP90()),
                    s.timeToFirstFlag() == null ? "never" : human(s.timeToFirstFlag())));
        }
        if (!e.reported().isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%nreported campaigns: %d, mean purity %s%n", e.reported().size(),
                    pct(e.meanPurity())));
            int shown = 0;
            for (ReportedCampaign r : e.reported()) {
                if (shown++ == 20) {
                    sb.append(String.format(Locale.ROOT, "  ... %d more%n", e.reported().size() - 20));
                    break;
                }
                sb.append(String.format(Locale.ROOT, "  %-16s %6d accounts, majority %s (%d), purity %s%n", r.id(), r.accounts(),
                        r.majority(), r.majorityAccounts(), pct(r.purity())));
            }
        } else {
            sb.append(String.format(Locale.ROOT, "%nreported campaigns: none%n"));
        }
        return sb.toString();
    }

    static String pct(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    static String human(Duration d) {
        long m = d.toMinutes();
        if (m < 120) {
            return m + "m";
        }
        if (m < 48 * 60) {
            return String.format(Locale.ROOT, "%.1fh", m / 60.0);
        }
        return String.format(Locale.ROOT, "%.1fd", m / 1440.0);
    }

    public static void json(Evaluation e, OutputStream out) throws IOException {
        JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeStringField("scenario", e.scenario());
        g.writeNumberField("exchanges", e.exchanges());
        g.writeNumberField("accounts", e.accounts());
        g.writeNumberField("unknown_flags", e.unknownFlags());
        var c = e.overall();
        g.writeObjectFieldStart("overall");
        g.writeNumberField("tp", c.tp());
        g.writeNumberField("fp", c.fp());
        g.writeNumberField("fn", c.fn());
        g.writeNumberField("tn", c.tn());
        number(g, "precision", c.precision());
        number(g, "recall", c.recall());
        number(g, "f1", c.f1());
        g.writeEndObject();
        g.writeArrayFieldStart("populations");
        for (PopulationScore p : e.populations()) {
            g.writeStartObject();
            g.writeStringField("kind", p.kind());
            g.writeStringField("label", p.label());
            g.writeBooleanField("hard_negative", p.hardNegative());
            g.writeNumberField("accounts", p.accounts());
            g.writeNumberField("flagged", p.flagged());
            number(g, "benign".equals(p.label()) ? "false_positive_rate" : "recall", p.flaggedShare());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("hard_negatives_flagged");
        for (PopulationScore p : e.populations()) {
            if (p.hardNegative() && p.flagged() > 0) {
                g.writeString(p.kind());
            }
        }
        g.writeEndArray();
        g.writeArrayFieldStart("campaigns");
        for (CampaignScore s : e.campaigns()) {
            g.writeStartObject();
            g.writeStringField("id", s.id());
            g.writeStringField("kind", s.kind());
            g.writeNumberField("accounts", s.accounts());
            g.writeNumberField("flagged", s.flagged());
            number(g, "recall", s.recall());
            g.writeNumberField("exchanges", s.exchanges());
            number(g, "leaked_share", s.leakedShare());
            number(g, "delay_share_median", s.delayMedian());
            number(g, "delay_share_p90", s.delayP90());
            time(g, "first_exchange", s.firstExchange());
            time(g, "first_flag", s.firstFlag());
            if (s.timeToFirstFlag() == null) {
                g.writeNullField("time_to_first_flag_s");
            } else {
                g.writeNumberField("time_to_first_flag_s", s.timeToFirstFlag().toMillis() / 1000.0);
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("reported_campaigns");
        for (ReportedCampaign r : e.reported()) {
            g.writeStartObject();
            g.writeStringField("id", r.id());
            g.writeNumberField("accounts", r.accounts());
            g.writeStringField("majority", r.majority());
            g.writeNumberField("majority_accounts", r.majorityAccounts());
            number(g, "purity", r.purity());
            g.writeEndObject();
        }
        g.writeEndArray();
        number(g, "mean_purity", e.meanPurity());
        g.writeEndObject();
        g.writeRaw('\n');
        g.flush();
    }

    private static void number(JsonGenerator g, String name, Double v) throws IOException {
        if (v == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, v);
        }
    }

    private static void time(JsonGenerator g, String name, Instant t) throws IOException {
        if (t == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, Rfc3339.format(t));
        }
    }
}
