package io.stillwatch.sim.eval;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The scores of one detection report against a scenario's truth. Ratios are null where undefined
 * (precision with no flags, recall of a campaign with no accounts).
 *
 * @param unknownFlags flags naming accounts the truth does not know (ignored in the scores)
 * @param meanPurity   mean purity of the reported campaigns, weighted by their size
 */
public record Evaluation(
        String scenario,
        long exchanges,
        long accounts,
        long unknownFlags,
        Confusion overall,
        List<PopulationScore> populations,
        List<CampaignScore> campaigns,
        List<ReportedCampaign> reported,
        Double meanPurity) {

    public Evaluation {
        populations = List.copyOf(populations);
        campaigns = List.copyOf(campaigns);
        reported = List.copyOf(reported);
    }

    /** Account-level confusion: attack accounts flagged (tp), benign flagged (fp), attack missed (fn). */
    public record Confusion(long tp, long fp, long fn, long tn, Double precision, Double recall, Double f1) {
        static Confusion of(long tp, long fp, long fn, long tn) {
            return new Confusion(tp, fp, fn, tn, ratio(tp, tp + fp), ratio(tp, tp + fn), ratio(2 * tp, 2 * tp + fp + fn));
        }
    }

    /**
     * Flags in one population: for a benign population {@code flaggedShare} is its false-positive
     * rate, for an attack population its recall.
     */
    public record PopulationScore(String kind, String label, boolean hardNegative, long accounts, long flagged,
            Double flaggedShare) {
    }

    /**
     * Recall and detection delay of one true campaign.
     *
     * @param leakedShare     share of the campaign's exchanges sent by an account not yet flagged
     * @param delayMedian     median over the campaign's accounts of the share of the campaign's
     *                        exchanges sent before that account was flagged (1.0 when never flagged)
     * @param delayP90        90th percentile of the same (nearest rank)
     * @param timeToFirstFlag from the campaign's first exchange to its first flagged account
     */
    public record CampaignScore(String id, String kind, long accounts, long flagged, Double recall, long exchanges,
            Double leakedShare, Double delayMedian, Double delayP90, Instant firstExchange, Instant firstFlag,
            Duration timeToFirstFlag) {
    }

    /** One campaign of the report: its largest true group ({@code benign} or a campaign id) and purity. */
    public record ReportedCampaign(String id, long accounts, String majority, long majorityAccounts, Double purity) {
    }

    static Double ratio(long num, long den) {
        return den == 0 ? null : (double) num / den;
    }
}
