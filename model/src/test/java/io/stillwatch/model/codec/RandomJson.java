package io.stillwatch.model.codec;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes JSON for property tests the many ways the grammar allows one value to be written: random white
 * space between tokens, characters escaped as {@code \\uXXXX} (either case of hex) or by their short escapes,
 * characters beyond the BMP raw or as escaped surrogate pairs. Objects are written in their map's order
 * (callers shuffle); a {@link Raw} is written as is (number forms, broken JSON).
 */
final class RandomJson {
    /** Text written verbatim. */
    record Raw(String text) {
    }

    private final Random rnd;
    private final double perturb;

    /** @param perturb probability of each optional perturbation (white space, an escape) */
    RandomJson(Random rnd, double perturb) {
        this.rnd = rnd;
        this.perturb = perturb;
    }

    String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private void space(StringBuilder out) {
        while (rnd.nextDouble() < perturb) {
            out.append(" \t\r ".charAt(rnd.nextInt(4)));
        }
    }

    void write(Object value, StringBuilder out) {
        space(out);
        if (value == null) {
            out.append("null");
        } else if (value instanceof Raw r) {
            out.append(r.text());
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    space(out);
                    out.append(',');
                }
                first = false;
                space(out);
                key((String) e.getKey(), out);
                space(out);
                out.append(':');
                write(e.getValue(), out);
            }
            space(out);
            out.append('}');
        } else if (value instanceof List<?> l) {
            out.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    space(out);
                    out.append(',');
                }
                write(l.get(i), out);
            }
            space(out);
            out.append(']');
        } else {
            out.append(value); // numbers, booleans
        }
        space(out);
    }

    /** A field name: escaped far less often than values (a name with escapes is rare, and the scanner declines it). */
    void key(String name, StringBuilder out) {
        if (rnd.nextDouble() < perturb / 4) {
            string(name, out);
        } else {
            new RandomJson(rnd, 0).string(name, out);
        }
    }

    void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean escape = rnd.nextDouble() < perturb;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append(escape ? "\\u000a" : "\\n");
                case '\t' -> out.append(escape ? "\\u0009" : "\\t");
                case '\r' -> out.append("\\r");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '/' -> out.append(escape ? "\\/" : "/");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length()) { // a pair: both escaped or both raw
                        if (escape) {
                            unicodeEscape(c, out);
                            unicodeEscape(s.charAt(++i), out);
                        } else {
                            out.append(c).append(s.charAt(++i));
                        }
                    } else if (c < 0x20 || escape) {
                        unicodeEscape(c, out);
                    } else {
                        out.append(c); // beyond the BMP: the surrogate pair, written as UTF-8 by the caller
                    }
                }
            }
        }
        out.append('"');
    }

    private void unicodeEscape(char c, StringBuilder out) {
        String hex = String.format("%04x", (int) c);
        out.append("\\u").append(rnd.nextBoolean() ? hex : hex.toUpperCase(java.util.Locale.ROOT));
    }

    /** A string of mixed scripts: ASCII, Latin-1, CJK, emoji (beyond the BMP), quotes, controls. */
    String text(int maxLength) {
        StringBuilder s = new StringBuilder();
        int n = rnd.nextInt(maxLength + 1);
        for (int i = 0; i < n; i++) {
            int kind = rnd.nextInt(20);
            if (kind < 12) {
                s.append((char) ('a' + rnd.nextInt(26)));
            } else if (kind == 12) {
                s.append(' ');
            } else if (kind == 13) {
                s.append("\"\\/\n\t\r\b\f\u0001\u001f\u007f".charAt(rnd.nextInt(11)));
            } else if (kind == 14) {
                s.append((char) (0xA0 + rnd.nextInt(0x60)));
            } else if (kind == 15) {
                s.append((char) (0x4E00 + rnd.nextInt(0x1000)));
            } else if (kind == 16) {
                s.appendCodePoint(0x1F600 + rnd.nextInt(0x50));
            } else if (kind == 17) {
                s.append((char) (0x0400 + rnd.nextInt(0x100)));
            } else {
                s.append((char) ('0' + rnd.nextInt(10)));
            }
        }
        return s.toString();
    }

    /** A field name: mostly letters and digits, at times other scripts, rarely one that must be escaped. */
    String name(int maxLength) {
        if (rnd.nextInt(20) == 0) {
            return text(maxLength);
        }
        String t = text(maxLength);
        StringBuilder s = new StringBuilder();
        t.codePoints().filter(Character::isLetterOrDigit).forEach(s::appendCodePoint);
        return s.toString();
    }

    /** Some JSON value of any kind, nested up to {@code depth}. */
    Object anyValue(int depth) {
        int kind = rnd.nextInt(depth > 0 ? 12 : 9);
        return switch (kind) {
            case 0 -> null;
            case 1 -> rnd.nextBoolean();
            case 2 -> (long) rnd.nextInt(2001) - 1000;
            case 3 -> new Raw(List.of("0", "-0", "1.5", "-0.25e-3", "6E+2", "1e9", "12345678901234567890123",
                    "3.0", "0.0000001", "-17E-1").get(rnd.nextInt(10)));
            case 4, 5, 6, 7, 8 -> text(12);
            case 9, 10 -> {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                int n = rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    m.put(name(6), anyValue(depth - 1));
                }
                yield m;
            }
            default -> {
                List<Object> l = new java.util.ArrayList<>();
                int n = rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    l.add(anyValue(depth - 1));
                }
                yield l;
            }
        };
    }
}
