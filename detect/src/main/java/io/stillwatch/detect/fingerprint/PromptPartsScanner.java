package io.stillwatch.detect.fingerprint;

import io.stillwatch.detect.fingerprint.PromptPartsReader.Tool;
import io.stillwatch.model.codec.ByteInterner;
import io.stillwatch.model.codec.JsonScanner;
import io.stillwatch.model.codec.JsonScanner.Name;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link PromptPartsReader}'s reading of a request body, step for step, on a {@link JsonScanner} instead of
 * a parser: the replay's hot path. Where the reader takes a path that is rare and fiddly to repeat (messages
 * given as an object, a number or boolean where text is read) this declines, and the line is read by the
 * parser. Everything else, repeated keys included, is read exactly as the reader reads it.
 *
 * <p>Not thread-safe: it reuses its text buffers.
 */
final class PromptPartsScanner {
    private static final Name SYSTEM = Name.of("system"), MESSAGES = Name.of("messages"), TOOLS = Name.of("tools"),
            ROLE = Name.of("role"), CONTENT = Name.of("content"), TOOL_CALLS = Name.of("tool_calls"),
            TYPE = Name.of("type"), TEXT = Name.of("text"), NAME = Name.of("name"),
            PARAMETERS = Name.of("parameters"), INPUT_SCHEMA = Name.of("input_schema"),
            FUNCTION = Name.of("function"), PROPERTIES = Name.of("properties");

    /** Roles, part types, tool and parameter names: few distinct values, read on every line. */
    private final ByteInterner words = new ByteInterner(1 << 10);
    private static final int TOOLS_SLOTS_LOG2 = 8;
    private static final int TOOLS_KEY_BYTES = 256;
    /** Longer tools arrays are read every time: memory stays under 256 × 16 KiB. */
    private static final int TOOLS_MAX_BYTES = 16 * 1024;

    private final byte[][] toolsBytes = new byte[1 << TOOLS_SLOTS_LOG2][];
    private final long[] toolsHashes = new long[1 << TOOLS_SLOTS_LOG2];
    private final PromptTally tally = new PromptTally();
    private final StringBuilder content = new StringBuilder();
    private boolean partImages;
    private boolean partTools;

    PromptParts read(JsonScanner in) {
        tally.start();
        long tools = 0;
        in.enterObject();
        while (in.nextField()) {
            if (in.nameIs(SYSTEM)) {
                tally.system.setLength(0);
                readContent(in, tally.system);
            } else if (in.nameIs(MESSAGES)) {
                tally.resetMessages();
                readMessages(in);
            } else if (in.nameIs(TOOLS)) {
                tools = readTools(in);
            } else {
                in.skipValue();
            }
        }
        return tally.parts(tools);
    }

    private void readMessages(JsonScanner in) {
        int c = in.peek();
        if (c == '[') {
            in.enterArray();
            while (in.nextElement()) {
                if (in.peek() == '{') {
                    readMessage(in);
                } else {
                    in.skipValue();
                }
            }
        } else if (c == '{') {
            throw JsonScanner.declined(); // the reader iterates a tree of it
        } else {
            in.skipValue();
        }
    }

    private void readMessage(JsonScanner in) {
        String role = "";
        boolean toolCalls = false;
        boolean contentImages = false;
        boolean contentTools = false;
        content.setLength(0);
        in.enterObject();
        while (in.nextField()) {
            if (in.nameIs(ROLE)) {
                role = stringOrSkip(in);
            } else if (in.nameIs(CONTENT)) {
                content.setLength(0);
                partImages = false;
                partTools = false;
                readContent(in, content);
                contentImages = partImages;
                contentTools = partTools;
            } else if (in.nameIs(TOOL_CALLS)) {
                toolCalls = true;
                in.skipValue();
            } else {
                in.skipValue();
            }
        }
        tally.message(role, content, contentImages, contentTools, toolCalls);
    }

    /** A string value, or "" (the value skipped) for any other. */
    private String stringOrSkip(JsonScanner in) {
        if (in.peek() == '"') {
            return in.string(words);
        }
        in.skipValue();
        return "";
    }

    private void readContent(JsonScanner in, StringBuilder out) {
        int c = in.peek();
        if (c == '"') {
            in.appendString(out);
            out.append('\n');
        } else if (c == '[') {
            in.enterArray();
            while (in.nextElement()) {
                int e = in.peek();
                if (e == '"') {
                    in.appendString(out);
                    out.append('\n');
                } else if (e == '{') {
                    readPart(in, out);
                } else {
                    in.skipValue();
                }
            }
        } else {
            in.skipValue();
        }
    }

    private void readPart(JsonScanner in, StringBuilder out) {
        String type = "";
        String text = null;
        in.enterObject();
        while (in.nextField()) {
            if (in.nameIs(TYPE)) {
                type = stringOrSkip(in);
            } else if (in.nameIs(TEXT)) {
                text = asText(in);
            } else {
                in.skipValue();
            }
        }
        if (text != null) {
            out.append(text).append('\n');
        }
        if (type.startsWith("image")) {
            partImages = true;
        } else if (type.startsWith("tool")) {
            partTools = true;
        }
    }

    /** The reader's {@code asText}: containers read as "", null as "null"; numbers and booleans decline. */
    private static String asText(JsonScanner in) {
        switch (in.peek()) {
            case '"' -> {
                return in.string();
            }
            case 'n' -> {
                in.skipValue();
                return "null";
            }
            case '{', '[' -> {
                in.skipValue();
                return "";
            }
            default -> throw JsonScanner.declined();
        }
    }

    /**
     * The tools array: clients send the same tool definitions with request after request, so arrays read
     * before are recognised by their bytes (a direct-mapped cache keyed by their first bytes) and their
     * hash reused; others are read.
     */
    private long readTools(JsonScanner in) {
        if (in.peek() != '[') {
            in.skipValue();
            return 0;
        }
        int slot = (int) (in.hashAhead(TOOLS_KEY_BYTES) >>> (64 - TOOLS_SLOTS_LOG2));
        byte[] known = toolsBytes[slot];
        if (known != null && in.skipIfNext(known)) {
            return toolsHashes[slot];
        }
        int from = in.position();
        long hash = readToolsArray(in);
        int to = in.position();
        if (to - from <= TOOLS_MAX_BYTES) {
            toolsBytes[slot] = Arrays.copyOfRange(in.bytes(), from, to);
            toolsHashes[slot] = hash;
        }
        return hash;
    }

    private long readToolsArray(JsonScanner in) {
        List<String> sigs = new ArrayList<>();
        in.enterArray();
        while (in.nextElement()) {
            Tool tool;
            if (in.peek() == '{') {
                tool = readTool(in);
            } else {
                in.skipValue();
                tool = PromptPartsReader.NOT_AN_OBJECT;
            }
            Tool fn = tool.function != null ? tool.function : tool;
            List<String> params = fn.parameters != null ? fn.parameters : fn.inputSchema;
            sigs.add(PromptParts.signature(fn.name, PromptPartsReader.distinct(params)));
        }
        return sigs.isEmpty() ? 0 : PromptParts.toolsHash(sigs);
    }

    private Tool readTool(JsonScanner in) {
        Tool tool = new Tool();
        in.enterObject();
        while (in.nextField()) {
            if (in.nameIs(NAME)) {
                tool.name = nameText(in);
            } else if (in.nameIs(PARAMETERS)) {
                tool.parameters = readPropertyNames(in);
            } else if (in.nameIs(INPUT_SCHEMA)) {
                tool.inputSchema = readPropertyNames(in);
            } else if (in.nameIs(FUNCTION)) {
                if (in.peek() == '{') {
                    tool.function = readTool(in);
                } else {
                    in.skipValue();
                    tool.function = PromptPartsReader.NOT_AN_OBJECT;
                }
            } else {
                in.skipValue();
            }
        }
        return tool;
    }

    /** The reader's {@code nameText}: as {@link #asText} but null reads as "". */
    private String nameText(JsonScanner in) {
        if (in.peek() == '"') {
            return in.string(words);
        }
        if (in.tryNull()) {
            return "";
        }
        return asText(in);
    }

    /** Names of a schema's {@code properties}; empty when the schema or its properties is not an object. */
    private List<String> readPropertyNames(JsonScanner in) {
        List<String> names = new ArrayList<>();
        if (in.peek() != '{') {
            in.skipValue();
            return names;
        }
        in.enterObject();
        while (in.nextField()) {
            if (in.nameIs(PROPERTIES)) {
                names = new ArrayList<>();
                if (in.peek() == '{') {
                    in.enterObject();
                    while (in.nextField()) {
                        names.add(in.fieldName(words));
                        in.skipValue();
                    }
                } else {
                    in.skipValue();
                }
            } else {
                in.skipValue();
            }
        }
        return names;
    }

}
