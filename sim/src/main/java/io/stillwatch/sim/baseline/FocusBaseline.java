package io.stillwatch.sim.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import io.stillwatch.model.DetectionReport;
import io.stillwatch.model.DetectionReport.Flag;
import io.stillwatch.model.ExchangeRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Per-account repetition-and-focus heuristic, the content rule a careful gateway adds to rate limits:
 * once an account has {@code minExchanges} exchanges, flag it when its prompts repeat (share of
 * exchanges whose normalised conversation, every user and tool message, was seen before on the
 * account), when it is narrowly
 * focused and single-turn (top capability's share and single-turn share both high), or when it
 * often asks for reasoning to be spelled out or graded. Each account is judged alone, which is
 * exactly what hard negatives (CI loops, benchmark runs, enterprise apps) and campaigns with
 * camouflage exploit.
 */
public final class FocusBaseline implements Baseline {

    /** Thresholds, validated. */
    public record Config(int minExchanges, double repetition, double focus, double singleTurn, double elicitation) {
        public Config {
            if (minExchanges < 1) {
                throw new IllegalArgumentException("min-exchanges: " + minExchanges + " (expected: >= 1)");
            }
            check("repetition", repetition);
            check("focus", focus);
            check("single-turn", singleTurn);
            check("elicitation", elicitation);
        }

        private static void check(String name, double v) {
            if (!(v > 0 && v <= 1)) {
                throw new IllegalArgumentException(name + ": " + v + " (expected: > 0 and <= 1)");
            }
        }

        public static final Config DEFAULT = new Config(50, 0.5, 0.85, 0.85, 0.3);
    }

    private static final int MAX_DISTINCT = 2048;
    private static final Pattern ELICIT = Pattern.compile(
            "step by step|step-by-step|chain of thought|reasoning trace|internal reasoning|full reasoning|think aloud|"
            + "show every|rubric|grade the|score the|reward model|safe alternative|policy-compliant|can be answered safely");
    private static final Pattern CODE = Pattern.compile(
            "```|\\bdef |function|\\bcode\\b|\\bbug\\b|implement|refactor|python|java|typescript|golang|\\brust\\b|sql|"
            + "compile|stack trace|exception|unit test|repository|\\.py\\b|\\.ts\\b|\\.go\\b");
    private static final Pattern MATH = Pattern.compile(
            "solve|prove|probability|equation|remainder|divisors|\\bx\\^|integer|puzzle|logic|riddle|how many ways|theorem");

    private static final String[] FOCI = {"coding", "reasoning", "agentic", "other"};

    private final Config config;
    private final Map<String, Stats> accounts = new HashMap<>();
    private final Map<String, Flag> flags = new HashMap<>();
    private long seen;

    public FocusBaseline(Config config) {
        this.config = config;
    }

    private static final class Stats {
        long n;
        long repeats;
        long singleTurn;
        long elicit;
        final long[] focus = new long[4];
        final Set<Long> prompts = new HashSet<>();
    }

    @Override
    public void observe(ExchangeRecord x) {
        seen++;
        if (flags.containsKey(x.account())) {
            return;
        }
        Stats s = accounts.computeIfAbsent(x.account(), k -> new Stats());
        s.n++;
        JsonNode req = x.request();
        String norm = normalise(req == null ? "" : lastUserText(req));
        long h = req == null ? 0 : conversationHash(req);
        if (s.prompts.contains(h)) {
            s.repeats++;
        } else if (s.prompts.size() < MAX_DISTINCT) {
            s.prompts.add(h);
        }
        if (req != null && userTurns(req) <= 1) {
            s.singleTurn++;
        }
        if (ELICIT.matcher(norm).find()) {
            s.elicit++;
        }
        s.focus[focus(req, norm)]++;
        if (s.n >= config.minExchanges()) {
            String reason = judge(s);
            if (reason != null) {
                flags.put(x.account(), new Flag(x.account(), x.ts(), null, 0.8, List.of(reason)));
                accounts.remove(x.account());
            }
        }
    }

    private String judge(Stats s) {
        double repetition = (double) s.repeats / s.n;
        if (repetition >= config.repetition()) {
            return String.format(Locale.ROOT, "%.0f%% of %d prompts repeat an earlier one", 100 * repetition, s.n);
        }
        int top = 0;
        for (int i = 1; i < 4; i++) {
            if (s.focus[i] > s.focus[top]) {
                top = i;
            }
        }
        double focus = (double) s.focus[top] / s.n;
        double single = (double) s.singleTurn / s.n;
        if (top != 3 && focus >= config.focus() && single >= config.singleTurn()) {
            return String.format(Locale.ROOT, "%.0f%% %s, %.0f%% single-turn over %d exchanges", 100 * focus, FOCI[top],
                    100 * single, s.n);
        }
        double elicit = (double) s.elicit / s.n;
        if (elicit >= config.elicitation()) {
            return String.format(Locale.ROOT, "%.0f%% of %d prompts ask for reasoning to be spelled out or graded",
                    100 * elicit, s.n);
        }
        return null;
    }

    private static int focus(JsonNode req, String norm) {
        if (req != null && req.has("tools")) {
            return 2;
        }
        if (CODE.matcher(norm).find()) {
            return 0;
        }
        if (MATH.matcher(norm).find()) {
            return 1;
        }
        return 3;
    }

    static String normalise(String text) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), 256));
        boolean space = false;
        for (int i = 0; i < text.length() && sb.length() < 256; i++) {
            char c = Character.toLowerCase(text.charAt(i));
            if (Character.isWhitespace(c)) {
                space = sb.length() > 0;
                continue;
            }
            if (space) {
                sb.append(' ');
                space = false;
            }
            sb.append(Character.isDigit(c) ? '0' : c);
        }
        return sb.toString();
    }

    /** Hash of the normalised text of every non-system message: equal only for a repeated conversation. */
    static long conversationHash(JsonNode req) {
        long h = 1125899906842597L;
        for (JsonNode m : req.path("messages")) {
            String role = m.path("role").asText();
            if (role.equals("system") || role.equals("developer")) {
                continue;
            }
            JsonNode content = m.path("content");
            String text = content.isTextual() ? content.asText() : content.toString();
            h = h * 0x9e3779b97f4a7c15L + normalise(text).hashCode();
        }
        return h;
    }

    /** Text of the last user message: a string, or the text blocks of a content array (both APIs). */
    static String lastUserText(JsonNode req) {
        JsonNode messages = req.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode m = messages.get(i);
            if (!"user".equals(m.path("role").asText())) {
                continue;
            }
            JsonNode content = m.path("content");
            if (content.isTextual()) {
                return content.asText();
            }
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                if (part.has("text")) {
                    sb.append(part.get("text").asText());
                } else if (part.path("content").isTextual()) {
                    sb.append(part.get("content").asText());
                }
            }
            return sb.toString();
        }
        return "";
    }

    private static int userTurns(JsonNode req) {
        int n = 0;
        for (JsonNode m : req.path("messages")) {
            String role = m.path("role").asText();
            if (role.equals("assistant") || role.equals("tool")) {
                return 2;
            }
            if (role.equals("user")) {
                n++;
            }
        }
        return n;
    }

    @Override
    public DetectionReport report(long registryAccounts) {
        List<Flag> out = new ArrayList<>(flags.values());
        out.sort(Comparator.comparing(Flag::at).thenComparing(Flag::account));
        long accounts = Math.max(registryAccounts, this.accounts.size() + flags.size());
        return new DetectionReport(DetectionReport.VERSION, new DetectionReport.Input(seen, accounts), out, List.of());
    }
}
