package dev.casguard.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The series selectors of a PromQL expression: which metric each names and which labels its
 * matchers test. A scanner rather than a parser: it only has to tell metric names from
 * functions, aggregations, keywords, grouping labels, numbers, durations, strings and Grafana
 * variables, and that is decidable token by token.
 */
final class PromQl {

    /** One selector: {@code metric} is null for a bare {@code {...}} without a {@code __name__} matcher. */
    record Selector(String metric, Set<String> labels) {
    }

    /** Words that are never metric names where they stand (PromQL's keywords, and inf/nan). */
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf",
            "nan");
    /** Keywords followed by a parenthesised list of label names. */
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");

    private final String text;
    private int at;

    private PromQl(String text) {
        this.text = text;
    }

    static List<Selector> selectors(String expression) {
        return new PromQl(expression).scan();
    }

    private List<Selector> scan() {
        List<Selector> selectors = new ArrayList<>();
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '#') {
                skipPast('\n');
            } else if (c == '"' || c == '\'' || c == '`') {
                string();
            } else if (c == '[') {
                skipPast(']'); // a range, a subquery's step, or Grafana's [[variable]]
            } else if (c == '$') {
                variable();
            } else if (c == '{') {
                selectors.add(matchers(null));
            } else if (Character.isDigit(c) || (c == '.' && at + 1 < text.length() && Character.isDigit(text.charAt(at + 1)))) {
                while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '.')) {
                    at++; // 42, 1.5e9, 0x1f, 1h30m
                }
            } else if (identifierStart(c)) {
                String word = identifier();
                String lower = word.toLowerCase();
                if (LABEL_LISTS.contains(lower)) {
                    skipBlank();
                    if (at < text.length() && text.charAt(at) == '(') {
                        skipPast(')');
                    }
                } else if (!KEYWORDS.contains(lower) && !nextIs('(') && !aggregationModifierFollows()) {
                    skipBlank();
                    selectors.add(at < text.length() && text.charAt(at) == '{'
                            ? matchers(word) : new Selector(word, Set.of()));
                }
                // else a function or an aggregation: its arguments are scanned as they come
            } else {
                at++;
            }
        }
        return selectors;
    }

    /** {@code {label op "value", ...}}, at its opening brace. */
    private Selector matchers(String metric) {
        at++;
        Set<String> labels = new TreeSet<>();
        String name = metric;
        while (true) {
            skipBlank();
            if (at >= text.length()) {
                throw new IllegalArgumentException("unclosed label matchers in: " + text);
            }
            char c = text.charAt(at);
            if (c == '}') {
                at++;
                return new Selector(name, labels);
            } else if (c == ',') {
                at++;
            } else if (identifierStart(c)) {
                String label = identifier();
                skipBlank();
                while (at < text.length() && "=!~".indexOf(text.charAt(at)) >= 0) {
                    at++;
                }
                skipBlank();
                String value = string();
                if (label.equals("__name__")) {
                    name = value;
                } else {
                    labels.add(label);
                }
            } else {
                throw new IllegalArgumentException("unexpected '" + c + "' in label matchers of: " + text);
            }
        }
    }

    /** A quoted string at {@code at}; its content (escapes left as written). */
    private String string() {
        char quote = text.charAt(at);
        if ("\"'`".indexOf(quote) < 0) {
            throw new IllegalArgumentException("a string expected at " + at + " in: " + text);
        }
        int start = ++at;
        while (at < text.length() && text.charAt(at) != quote) {
            at += text.charAt(at) == '\\' && quote != '`' ? 2 : 1;
        }
        if (at >= text.length()) {
            throw new IllegalArgumentException("unclosed string in: " + text);
        }
        return text.substring(start, at++);
    }

    /** Grafana's $name and ${name...}: stand-ins for intervals and label values, never metrics. */
    private void variable() {
        at++;
        if (at < text.length() && text.charAt(at) == '{') {
            skipPast('}');
        } else {
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
                at++;
            }
        }
    }

    private String identifier() {
        int start = at;
        while (at < text.length() && (identifierStart(text.charAt(at)) || Character.isDigit(text.charAt(at)))) {
            at++;
        }
        return text.substring(start, at);
    }

    private static boolean identifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    }

    /** {@code sum by (...) (...)}: an aggregation's name is followed by its by or without, a metric's never. */
    private boolean aggregationModifierFollows() {
        int next = at;
        while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
            next++;
        }
        int end = next;
        while (end < text.length() && (identifierStart(text.charAt(end)) || Character.isDigit(text.charAt(end)))) {
            end++;
        }
        String word = text.substring(next, end).toLowerCase();
        return word.equals("by") || word.equals("without");
    }

    private boolean nextIs(char wanted) {
        int next = at;
        while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
            next++;
        }
        return next < text.length() && text.charAt(next) == wanted;
    }

    private void skipBlank() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private void skipPast(char end) {
        int found = text.indexOf(end, at);
        at = found < 0 ? text.length() : found + 1;
    }
}
