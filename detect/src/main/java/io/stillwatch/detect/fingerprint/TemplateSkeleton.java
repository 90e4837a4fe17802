package io.stillwatch.detect.fingerprint;

/**
 * Reduces a prompt to its template skeleton and signs it.
 *
 * <p>Normalisation: lower case, whitespace ignored, variable spans inside a sentence replaced by
 * typed placeholders (numbers, identifiers, URLs, e-mail addresses, quoted strings, code blocks).
 * The text is then cut into sentences; a sentence counts as template text when it has been seen at
 * least {@code minSentenceCount} times so far across all exchanges ({@link SentenceFrequency}), and as
 * a variable span otherwise (runs of variable sentences collapse to one placeholder). This is the
 * idea behind log-template miners such as Drain (He et al., ICWS 2017): what recurs is the template,
 * what is rare is the payload. The skeleton's token 3-grams are signed with {@link MinHashSketch}.
 *
 * <p>The same pass spots keywords (reasoning elicitation, rubric grading, coding and reasoning
 * vocabulary) by token and bigram hashes, so each exchange's text is read once. At most
 * {@code maxChars} characters are read, which bounds the cost per exchange.
 * Not thread-safe: one instance per thread.
 */
final class TemplateSkeleton {
    static final long NUM = 0x1000_0001L;
    static final long ID = 0x1000_0002L;
    static final long URL = 0x1000_0003L;
    static final long EMAIL = 0x1000_0004L;
    static final long QUOTE = 0x1000_0005L;
    static final long CODE = 0x1000_0006L;
    static final long VAR = 0x1000_0007L;

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

    private final SentenceFrequency frequency;
    private final MinHashSketch sketch;
    private final int minSentenceCount;
    private final int maxChars;
    private final int minTemplateTokens;

    private long[] sentence = new long[64];
    private int sentenceLen;
    private long[] skeleton = new long[256];
    private int skeletonLen;
    private int templateTokens;

    // results of the last scan
    boolean elicit;
    boolean rubric;
    int reasoningHits;
    int codingHits;
    long templateHash;
    long[] bandKeys;

    TemplateSkeleton(SentenceFrequency frequency, MinHashSketch sketch, int minSentenceCount, int maxChars,
                     int minTemplateTokens) {
        this.frequency = frequency;
        this.sketch = sketch;
        this.minSentenceCount = minSentenceCount;
        this.maxChars = maxChars;
        this.minTemplateTokens = minTemplateTokens;
    }

    /** Scans {@code text}; results are left in the fields above. */
    void scan(CharSequence text) {
        elicit = false;
        rubric = false;
        reasoningHits = 0;
        codingHits = 0;
        sentenceLen = 0;
        skeletonLen = 0;
        templateTokens = 0;
        int n = Math.min(text.length(), maxChars);
        long prevWord = 0;
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '`' && i + 2 < n && text.charAt(i + 1) == '`' && text.charAt(i + 2) == '`') {
                int end = indexOf(text, "```", i + 3, n);
                i = end < 0 ? n : end + 3;
                token(CODE);
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
                    token(URL);
                    prevWord = 0;
                    continue;
                }
                if (i < n && text.charAt(i) == '@') {
                    i = skipNonSpace(text, i, n);
                    token(EMAIL);
                    prevWord = 0;
                    continue;
                }
                if (digits && i - start >= 4) {
                    token(ID);
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
                token(NUM);
                prevWord = 0;
                continue;
            }
            if (c == '"') {
                int end = indexOf(text, "\"", i + 1, Math.min(n, i + 400));
                if (end > 0) {
                    i = end + 1;
                    token(QUOTE);
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
        finish();
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
        if (sentenceLen > 0 && t == sentence[sentenceLen - 1] && t < 0x2000_0000L && t >= NUM) {
            return; // collapse runs of the same placeholder
        }
        if (sentenceLen == sentence.length) {
            sentence = java.util.Arrays.copyOf(sentence, sentenceLen * 2);
        }
        sentence[sentenceLen++] = t;
    }

    private void endSentence() {
        if (sentenceLen == 0) {
            return;
        }
        long h = sentenceLen;
        for (int k = 0; k < sentenceLen; k++) {
            h = Hashing.combine(h, sentence[k]);
        }
        if (frequency.addAndEstimate(h) >= minSentenceCount) {
            for (int k = 0; k < sentenceLen; k++) {
                skeletonAdd(sentence[k]);
            }
            for (int k = 0; k < sentenceLen; k++) {
                if (isWord(sentence[k])) {
                    templateTokens++;
                }
            }
        } else if (skeletonLen == 0 || skeleton[skeletonLen - 1] != VAR) {
            skeletonAdd(VAR);
        }
        sentenceLen = 0;
    }

    /** Word tokens are 64-bit hashes; placeholders and punctuation are small constants. */
    private static boolean isWord(long t) {
        return t < 0 || t >= 0x2000_0000L;
    }

    private void skeletonAdd(long t) {
        if (skeletonLen == skeleton.length) {
            skeleton = java.util.Arrays.copyOf(skeleton, skeletonLen * 2);
        }
        skeleton[skeletonLen++] = t;
    }

    private void finish() {
        if (templateTokens < minTemplateTokens) {
            templateHash = 0;
            bandKeys = null;
            return;
        }
        long h = skeletonLen;
        sketch.reset();
        for (int k = 0; k < skeletonLen; k++) {
            h = Hashing.combine(h, skeleton[k]);
            if (k + 2 < skeletonLen) {
                sketch.add(Hashing.combine(Hashing.combine(skeleton[k], skeleton[k + 1]), skeleton[k + 2]));
            }
        }
        if (skeletonLen < 3) {
            for (int k = 0; k < skeletonLen; k++) {
                sketch.add(skeleton[k]);
            }
        }
        templateHash = h == 0 ? 1 : h;
        bandKeys = sketch.bandKeys();
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
}
