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

    // what a word or a two-word phrase is a keyword of (bits)
    private static final int RUBRIC = 1;
    private static final int REASONING = 2;
    private static final int CODING = 4;
    private static final int ELICIT = 8;
    private static final int SECOND_WORD = 16; // the second word of a phrase: look the phrase up

    private static final String[] ELICIT_PHRASES = {"step by", "by step", "your reasoning",
        "your work", "of thought", "think carefully", "reasoning process", "thought process", "think through",
        "walk through", "explain why", "your thinking", "reason through", "justify each", "of reasoning",
        "out loud", "all reasoning", "each step", "every step", "intermediate reasoning", "full reasoning",
        "intermediate steps", "intermediate step", "complete reasoning", "reasoning trace", "full derivation"};
    private static final String[] RUBRIC_WORDS = {"rubric", "grade", "grading", "criteria"};
    private static final String[] RUBRIC_PHRASES = {"a scale", "score the", "rate the", "evaluate the",
        "which response", "better response", "score from", "assign a"};
    private static final String[] REASONING_WORDS = {"prove", "proof", "theorem", "solve", "equation",
        "calculate", "derive", "probability", "logic", "puzzle", "math", "integral", "riddle", "lemma",
        "compute", "deduce", "infer"};
    private static final String[] CODING_WORDS = {"function", "python", "java", "javascript",
        "typescript", "rust", "sql", "bug", "debug", "compile", "implement", "refactor", "algorithm", "regex",
        "code", "program", "script", "class", "method", "golang", "c++", "unittest", "stacktrace", "api"};
    private static final KeywordTable WORDS = new KeywordTable();
    private static final KeywordTable PHRASES = new KeywordTable();

    static {
        WORDS.add(RUBRIC_WORDS, RUBRIC);
        WORDS.add(REASONING_WORDS, REASONING);
        WORDS.add(CODING_WORDS, CODING);
        for (String[] phrases : new String[][] {ELICIT_PHRASES, RUBRIC_PHRASES}) {
            int kind = phrases == ELICIT_PHRASES ? ELICIT : RUBRIC;
            for (String p : phrases) {
                String[] w = p.split(" ");
                WORDS.add(wordHash(w[1]), SECOND_WORD);
                PHRASES.add(Hashing.combine(wordHash(w[0]), wordHash(w[1])), kind);
            }
        }
    }

    // kinds of ASCII characters: a word starts with a letter; letters, digits, '_' and '+' continue it
    private static final byte OTHER = 0;
    private static final byte LOWER = 1;
    private static final byte UPPER = 2;
    private static final byte DIGIT = 3;
    private static final byte JOINER = 4;
    private static final byte[] ASCII = new byte[0x80];

    static {
        for (char c = 0; c < 0x80; c++) {
            ASCII[c] = c >= 'a' && c <= 'z' ? LOWER : c >= 'A' && c <= 'Z' ? UPPER
                    : c >= '0' && c <= '9' ? DIGIT : c == '_' || c == '+' ? JOINER : OTHER;
        }
    }

    private final SentenceFrequency frequency;
    private final MinHashSketch sketch;
    private final int minSentenceCount;
    private final int maxChars;
    private final int minTemplateTokens;

    private char[] chars = new char[1024];
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
        char[] t = chars(text, n);
        long prevWord = 0;
        int i = 0;
        while (i < n) {
            char c = t[i];
            if (c == ' ') { // the commonest character: separates, nothing more (as the last branch below would find)
                i++;
                continue;
            }
            if (c == '`' && i + 2 < n && t[i + 1] == '`' && t[i + 2] == '`') {
                int end = indexOf(t, "```", i + 3, n);
                i = end < 0 ? n : end + 3;
                token(CODE);
                codingHits += 2;
                prevWord = 0;
                continue;
            }
            if (c < 0x80 ? ASCII[c] == LOWER || ASCII[c] == UPPER : Character.isLetter(c)) {
                int start = i;
                boolean digits = false;
                long h = 0xcbf29ce484222325L;
                while (i < n) {
                    char d = t[i];
                    int lower;
                    if (d < 0x80) { // ASCII by table: most prompts are mostly ASCII, and the JDK's lookups cost more
                        byte kind = ASCII[d];
                        if (kind == OTHER) {
                            break;
                        }
                        digits |= kind == DIGIT;
                        lower = kind == UPPER ? d + ('a' - 'A') : d;
                    } else if (Character.isLetterOrDigit(d)) {
                        digits |= Character.isDigit(d);
                        lower = Character.toLowerCase(d);
                    } else {
                        break;
                    }
                    h = (h ^ lower) * 0x100000001b3L;
                    i++;
                }
                if (i + 2 < n && t[i] == ':' && t[i + 1] == '/' && t[i + 2] == '/') {
                    i = skipNonSpace(t, i, n);
                    token(URL);
                    prevWord = 0;
                    continue;
                }
                if (i < n && t[i] == '@') {
                    i = skipNonSpace(t, i, n);
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
                while (i < n && (Character.isDigit(t[i]) || t[i] == '.' || t[i] == ',')) {
                    i++;
                }
                token(NUM);
                prevWord = 0;
                continue;
            }
            if (c == '"') {
                int end = indexOf(t, "\"", i + 1, Math.min(n, i + 400));
                if (end > 0) {
                    i = end + 1;
                    token(QUOTE);
                    prevWord = 0;
                    continue;
                }
            }
            i++;
            if (c == '\n' || ((c == '.' || c == '?' || c == '!' || c == ':' || c == ';')
                    && (i >= n || Character.isWhitespace(t[i])))) {
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
        int kinds = WORDS.kinds(word);
        if (kinds == 0) {
            return;
        }
        rubric |= (kinds & RUBRIC) != 0;
        if ((kinds & REASONING) != 0) {
            reasoningHits++;
        }
        if ((kinds & CODING) != 0) {
            codingHits++;
        }
        if ((kinds & SECOND_WORD) != 0 && prev != 0) {
            int phrase = PHRASES.kinds(Hashing.combine(prev, word));
            elicit |= (phrase & ELICIT) != 0;
            rubric |= (phrase & RUBRIC) != 0;
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

    /** The first {@code n} characters of {@code text} in a reused array: the scan then reads plain chars. */
    private char[] chars(CharSequence text, int n) {
        if (chars.length < n) {
            chars = new char[Math.max(n, Math.min(2 * chars.length, maxChars))];
        }
        if (text instanceof String s) {
            s.getChars(0, n, chars, 0);
        } else {
            for (int i = 0; i < n; i++) {
                chars[i] = text.charAt(i);
            }
        }
        return chars;
    }

    private static int indexOf(char[] s, String needle, int from, int to) {
        outer:
        for (int i = from; i + needle.length() <= to; i++) {
            for (int k = 0; k < needle.length(); k++) {
                if (s[i + k] != needle.charAt(k)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int skipNonSpace(char[] s, int i, int n) {
        while (i < n && !Character.isWhitespace(s[i])) {
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

    /**
     * Keyword hashes and what they are, in open addressing with linear probing (Knuth, TAOCP vol. 3, 6.4): a
     * word that is no keyword, nearly every word, costs one probe into a mostly empty table.
     */
    private static final class KeywordTable {
        private static final int SIZE = 512; // a power of two, several times the keywords
        private final long[] keys = new long[SIZE];
        private final byte[] kinds = new byte[SIZE];

        void add(String[] words, int kind) {
            for (String w : words) {
                add(wordHash(w), kind);
            }
        }

        void add(long hash, int kind) {
            if (hash == 0) {
                throw new IllegalStateException("keyword hash 0 is the table's empty mark");
            }
            int i = (int) hash & (SIZE - 1);
            while (keys[i] != 0 && keys[i] != hash) {
                i = (i + 1) & (SIZE - 1);
            }
            keys[i] = hash;
            kinds[i] |= (byte) kind;
        }

        int kinds(long hash) {
            for (int i = (int) hash & (SIZE - 1); ; i = (i + 1) & (SIZE - 1)) {
                long k = keys[i];
                if (k == hash) {
                    return kinds[i];
                }
                if (k == 0) {
                    return 0;
                }
            }
        }
    }
}
