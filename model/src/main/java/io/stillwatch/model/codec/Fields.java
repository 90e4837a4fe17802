package io.stillwatch.model.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stillwatch.model.codec.LineCodec.ContractViolation;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Typed reads of one field's value, each with a message that names the field and what was expected. */
final class Fields {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Fields() {
    }

    static void expectObject(JsonParser p, String what) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new ContractViolation(what + ": expected a JSON object, got " + describe(p.currentToken()));
        }
    }

    /** String value, or null for JSON null. */
    static String string(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        throw wrongType(p, field, "a string");
    }

    /**
     * As {@link #string} for a value that is checked but not needed: "" for a string (whose text the parser
     * then skips instead of decoding), null for JSON null.
     */
    static String skipString(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return "";
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        throw wrongType(p, field, "a string");
    }

    static Long integer(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw new ContractViolation("field '" + field + "': " + p.getText() + " is out of range");
            }
            return p.getLongValue();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        throw wrongType(p, field, "an integer");
    }

    static Integer int32(JsonParser p, String field) throws IOException {
        Long value = integer(p, field);
        if (value != null && (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE)) {
            throw new ContractViolation("field '" + field + "': " + value + " is out of range");
        }
        return value == null ? null : value.intValue();
    }

    static Double number(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDoubleValue();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        throw wrongType(p, field, "a number");
    }

    static Boolean bool(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE;
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        throw wrongType(p, field, "true or false");
    }

    static Instant time(JsonParser p, String field) throws IOException {
        String text = string(p, field);
        if (text == null) {
            return null;
        }
        try {
            return Rfc3339.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ContractViolation("field '" + field + "': " + e.getMessage());
        }
    }

    static ObjectNode object(JsonParser p, String field) throws IOException {
        return object(p, field, MAPPER::readTree);
    }

    /** An object value read by {@code reader}, or null for JSON null. */
    static <P> P object(JsonParser p, String field, RequestReader<P> reader) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_OBJECT) {
            throw wrongType(p, field, "an object");
        }
        return reader.read(p);
    }

    static List<String> strings(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_ARRAY) {
            throw wrongType(p, field, "an array of strings");
        }
        List<String> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw wrongType(p, field + "[" + out.size() + "]", "a string");
            }
            out.add(p.getText());
        }
        return out;
    }

    static <T> T required(T value, String field) {
        if (value == null) {
            throw new ContractViolation("required field '" + field + "' is missing");
        }
        return value;
    }

    static JsonNode tree(JsonParser p) throws IOException {
        return MAPPER.readTree(p);
    }

    private static ContractViolation wrongType(JsonParser p, String field, String expected) {
        return new ContractViolation("field '" + field + "': expected " + expected + ", got "
                + describe(p.currentToken()));
    }

    static String describe(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        switch (t) {
            case START_OBJECT: return "an object";
            case START_ARRAY: return "an array";
            case VALUE_STRING: return "a string";
            case VALUE_NUMBER_INT: return "an integer";
            case VALUE_NUMBER_FLOAT: return "a fractional number";
            case VALUE_TRUE: case VALUE_FALSE: return "a boolean";
            case VALUE_NULL: return "null";
            default: return t.toString();
        }
    }
}
