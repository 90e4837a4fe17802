package io.stillwatch.model.codec;

/**
 * A line of a JSON Lines file that does not follow the contract: bad JSON, a missing required field,
 * a bad time or a wrong type. The message names the file, the line number and what is wrong.
 */
public final class MalformedLineException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final long line;
    private final String problem;

    public MalformedLineException(String source, long line, String problem) {
        super(source + ":" + line + ": " + problem);
        this.source = source;
        this.line = line;
        this.problem = problem;
    }

    public String source() {
        return source;
    }

    public long line() {
        return line;
    }

    /** What is wrong, without the file and line. */
    public String problem() {
        return problem;
    }
}
