package io.stillwatch.detect.fingerprint;

import java.util.Arrays;

/**
 * What {@link TemplateSkeleton} reads from a text before any state is involved: its tokens (word hashes,
 * placeholders, punctuation), cut into sentences, and its keyword hits. It depends on the text alone, so a
 * replay reads it on its reading thread, ahead of the stateful rest of the fingerprint (sentence frequencies,
 * skeleton, MinHash), which must run in event-time order; the skeleton then gives exactly what a scan of the
 * text gives, since a scan is this read followed by the same rest.
 */
public final class SkeletonTokens {
    private static final long[] ELICIT_BIGRAMS = bigrams("step by", "by step", "your reasoning",
            "your work", "of thought", "think carefully", "reasoning process", "thought process", "think through",
            "walk through", "explain why", "your thinking", "reason through", "justify each", "of reasoning",
            "out loud", "all reasoning", "each step", "every step", "intermediate reasoning", "full reasoning",
            "intermediate steps", "intermediate step", "complete reasoning", "reasoning trace", "full derivation");
    private static final long[] RUBRIC_WORDS = words("rubric", "grade", "grading", "criteria");
    private static final long[] RUBRIC_BIGRAMS = bigrams("a scale", "score the", "rate the", "evaluate the",
            "which response", "better response", "score from", "assign a");
    private static final long[] REASONING_WORDS = words("prove", "proof", "theorem", "solve", "equation",
            "calculate", "derive", "probability", "logic", "puzzle", "math", "integral", "riddle", "lemma",
            "compute", "deduce", "infer");
    private static final long[] CODING_WORDS = words("function", "python", "java", "javascript",
            "typescript", "rust", "sql", "bug", "debug", "compile", "implement", "refactor", "algorithm", "regex",
            "code", "program", "script", "class", "method", "golang", "c++", "unittest", "stacktrace", "api");

    final int maxChars;
    long[] tokens;
    int length;
    /** End (exclusive) of each sentence in {@link #tokens}; empty sentences are not kept. */
    int[] sentenceEnds;
    int sentences;
    private int sentenceStart;
    boolean elicit;
    boolean rubric;
    int reasoningHits;
    int codingHits;

    SkeletonTokens(int maxChars) {
        this.maxChars = maxChars;
        this.tokens = new long[256];
        this.sentenceEnds = new int[16];
    }

    /** The tokens of the first {@code maxChars} characters of {@code text}, in arrays of their own size. */
    public static SkeletonTokens of(CharSequence text, int maxChars) {
        SkeletonTokens t = new SkeletonTokens(maxChars);
        t.read(text);
        t.tokens = Arrays.copyOf(t.tokens, t.length);
        t.sentenceEnds = Arrays.copyOf(t.sentenceEnds, t.sentences);
        return t;
    }

    /** Reads {@code text} (its first {@code maxChars} characters) into this, replacing what it held. */
    void read(CharSequence text) {
        elicit = false;
        rubric = false;
        reasoningHits = 0;
        codingHits = 0;
        length = 0;
        sentences = 0;
        sentenceStart = 0;
        int n = Math.min(text.length(), maxChars);
        long prevWord = 0;
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '`' && i + 2 < n && text.charAt(i + 1) == '`' && text.charAt(i + 2) == '`') {
                int end = indexOf(text, "```", i + 3, n);
                i = end < 0 ? n : end + 3;
                token(TemplateSkeleton.CODE);
                codingHits += 2;
                prevWord = 0;
                continue;
            }
            if (Character.isLetter(c)) {
                int start = i;
                boolean digits = false;
                long h = 0xcbf29ce484222325L;
                while (i < n) {
                    char d = text.charAt(i);
                    if (Character.isLetterOrDigit(d) || d == '_' || d == '+') {
                        digits |= Character.isDigit(d);
                        h = (h ^ Character.toLowerCase(d)) * 0x100000001b3L;
                        i++;
                    } else {
                        break;
                    }
                }
                if (i + 2 < n && text.charAt(i) == ':' && text.charAt(i + 1) == '/' && text.charAt(i + 2) == '/') {
                    i = skipNonSpace(text, i, n);
                    token(TemplateSkeleton.URL);
                    prevWord = 0;
                    continue;
                }
                if (i < n && text.charAt(i) == '@') {
                    i = skipNonSpace(text, i, n);
                    token(TemplateSkeleton.EMAIL);
                    prevWord = 0;
                    continue;
                }
                if (digits && i - start >= 4) {
                    token(TemplateSkeleton.ID);
                    prevWord = 0;
                    continue;
                }
                long word = Hashing.mix(h);
                token(word);
                keyword(prevWord, word);
                prevWord = word;
                continue;
            }
            if (Character.isDigit(c)) {
                while (i < n && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.' || text.charAt(i) == ',')) {
                    i++;
                }
                token(TemplateSkeleton.NUM);
                prevWord = 0;
                continue;
            }
            if (c == '"') {
                int end = indexOf(text, "\"", i + 1, Math.min(n, i + 400));
                if (end > 0) {
                    i = end + 1;
                    token(TemplateSkeleton.QUOTE);
                    prevWord = 0;
                    continue;
                }
            }
            i++;
            if (c == '\n' || ((c == '.' || c == '?' || c == '!' || c == ':' || c == ';')
                    && (i >= n || Character.isWhitespace(text.charAt(i))))) {
                endSentence();
                prevWord = 0;
            } else if (!Character.isWhitespace(c) && c != ',' && c != '\'') {
                token(c);
            }
        }
        endSentence();
    }

    private void keyword(long prev, long word) {
        if (!maybeKeyword(word)) {
            return; // fast path: bit filter over every keyword's hash (both words of each bigram included)
        }
        if (has(RUBRIC_WORDS, word)) {
            rubric = true;
        }
        if (has(REASONING_WORDS, word)) {
            reasoningHits++;
        }
        if (has(CODING_WORDS, word)) {
            codingHits++;
        }
        if (prev != 0) {
            long bigram = Hashing.combine(prev, word);
            if (has(ELICIT_BIGRAMS, bigram)) {
                elicit = true;
            }
            if (has(RUBRIC_BIGRAMS, bigram)) {
                rubric = true;
            }
        }
    }

    private void token(long t) {
        if (length > sentenceStart && t == tokens[length - 1] && t < 0x2000_0000L && t >= TemplateSkeleton.NUM) {
            return; // collapse runs of the same placeholder
        }
        if (length == tokens.length) {
            tokens = Arrays.copyOf(tokens, length * 2);
        }
        tokens[length++] = t;
    }

    private void endSentence() {
        if (length == sentenceStart) {
            return;
        }
        if (sentences == sentenceEnds.length) {
            sentenceEnds = Arrays.copyOf(sentenceEnds, sentences * 2);
        }
        sentenceEnds[sentences++] = length;
        sentenceStart = length;
    }

    private static int indexOf(CharSequence s, String needle, int from, int to) {
        outer:
        for (int i = from; i + needle.length() <= to; i++) {
            for (int k = 0; k < needle.length(); k++) {
                if (s.charAt(i + k) != needle.charAt(k)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int skipNonSpace(CharSequence s, int i, int n) {
        while (i < n && !Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    static long wordHash(String w) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < w.length(); i++) {
            h = (h ^ w.charAt(i)) * 0x100000001b3L;
        }
        return Hashing.mix(h);
    }

    private static final long[] FILTER = filter();

    private static long[] filter() {
        long[] f = new long[16];
        for (long[] set : new long[][] {RUBRIC_WORDS, REASONING_WORDS, CODING_WORDS}) {
            for (long h : set) {
                f[(int) (h >>> 60)] |= 1L << (h & 63);
            }
        }
        for (String p : new String[] {"step by", "by step", "your reasoning", "your work", "of thought",
            "think carefully", "reasoning process", "thought process", "think through", "walk through", "explain why",
            "your thinking", "reason through", "justify each", "of reasoning", "out loud", "all reasoning", "each step",
            "every step", "intermediate reasoning", "full reasoning", "intermediate steps", "intermediate step",
            "complete reasoning", "reasoning trace", "full derivation", "a scale", "score the", "rate the", "evaluate the",
            "which response", "better response", "score from", "assign a"}) {
            long h = wordHash(p.split(" ")[1]);
            f[(int) (h >>> 60)] |= 1L << (h & 63);
        }
        return f;
    }

    private static boolean maybeKeyword(long h) {
        return (FILTER[(int) (h >>> 60)] & (1L << (h & 63))) != 0;
    }

    private static boolean has(long[] sorted, long key) {
        return java.util.Arrays.binarySearch(sorted, key) >= 0;
    }

    private static long[] words(String... ws) {
        long[] s = new long[ws.length];
        for (int i = 0; i < ws.length; i++) {
            s[i] = wordHash(ws[i]);
        }
        java.util.Arrays.sort(s);
        return s;
    }

    private static long[] bigrams(String... phrases) {
        long[] s = new long[phrases.length];
        for (int i = 0; i < phrases.length; i++) {
            String[] parts = phrases[i].split(" ");
            s[i] = Hashing.combine(wordHash(parts[0]), wordHash(parts[1]));
        }
        java.util.Arrays.sort(s);
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SkeletonTokens t && maxChars == t.maxChars && elicit == t.elicit && rubric == t.rubric
                && reasoningHits == t.reasoningHits && codingHits == t.codingHits
                && Arrays.equals(tokens, 0, length, t.tokens, 0, t.length)
                && Arrays.equals(sentenceEnds, 0, sentences, t.sentenceEnds, 0, t.sentences);
    }

    @Override
    public int hashCode() {
        int h = maxChars;
        for (int i = 0; i < length; i++) {
            h = 31 * h + Long.hashCode(tokens[i]);
        }
        return 31 * h + sentences;
    }

    @Override
    public String toString() {
        return "SkeletonTokens[" + length + " tokens in " + sentences + " sentences]";
    }
}
