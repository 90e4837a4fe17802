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
 * <p>The reading of the text ({@link SkeletonTokens}: tokens, sentences) is apart from the rest, so that it
 * can run ahead on another thread. The same pass spots keywords (reasoning elicitation, rubric grading, coding and reasoning
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

    private final SentenceFrequency frequency;
    private final MinHashSketch sketch;
    private final int minSentenceCount;
    private final int maxChars;
    private final int minTemplateTokens;

    private final SkeletonTokens scratch;
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
        this.scratch = new SkeletonTokens(maxChars);
    }

    /** Scans {@code text}; results are left in the fields above. */
    void scan(CharSequence text) {
        scratch.read(text);
        apply(scratch);
    }

    /**
     * As {@link #scan} of the text {@code t} was read from ({@link SkeletonTokens#of}, with this skeleton's
     * {@link #maxChars()}); results are left in the fields above.
     */
    void apply(SkeletonTokens t) {
        elicit = t.elicit;
        rubric = t.rubric;
        reasoningHits = t.reasoningHits;
        codingHits = t.codingHits;
        skeletonLen = 0;
        templateTokens = 0;
        int from = 0;
        for (int k = 0; k < t.sentences; k++) {
            int to = t.sentenceEnds[k];
            endSentence(t.tokens, from, to);
            from = to;
        }
        finish();
    }

    int maxChars() {
        return maxChars;
    }

    private void endSentence(long[] sentence, int from, int to) {
        long h = to - from;
        for (int k = from; k < to; k++) {
            h = Hashing.combine(h, sentence[k]);
        }
        if (frequency.addAndEstimate(h) >= minSentenceCount) {
            for (int k = from; k < to; k++) {
                skeletonAdd(sentence[k]);
            }
            for (int k = from; k < to; k++) {
                if (isWord(sentence[k])) {
                    templateTokens++;
                }
            }
        } else if (skeletonLen == 0 || skeleton[skeletonLen - 1] != VAR) {
            skeletonAdd(VAR);
        }
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
}
