package dev.swiftlet.bench.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RESULTS.md as "## " sections. Only reads, except {@link #withSection}, which replaces one section (or appends it)
 * the way {@code benchmarks/update-results.sh} does, so the other sections' text is kept byte for byte.
 */
final class ResultsDocument {
    /** One "## TITLE" section: its title and everything up to the next one. */
    record Section(String title, String body) {
        List<MarkdownTable> tables() {
            return MarkdownTable.parseAll(body);
        }
    }

    private static final Pattern HEADING = Pattern.compile("^## (.*)$", Pattern.MULTILINE);

    private final String text;

    ResultsDocument(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }

    List<Section> sections() {
        List<Section> sections = new ArrayList<>();
        Matcher m = HEADING.matcher(text);
        int start = -1;
        String title = null;
        while (m.find()) {
            if (title != null) sections.add(new Section(title, text.substring(start, m.start())));
            title = m.group(1).trim();
            start = m.end();
        }
        if (title != null) sections.add(new Section(title, text.substring(start)));
        return sections;
    }

    /** Sections whose title starts with {@code prefix}, in document order. */
    List<Section> sectionsStartingWith(String prefix) {
        return sections().stream().filter(s -> s.title().startsWith(prefix)).toList();
    }

    /** This document with section {@code title} replaced by {@code section} (a whole "## title\n..." text), or appended. */
    ResultsDocument withSection(String title, String section) {
        String body = section.stripTrailing() + "\n";
        Pattern own = Pattern.compile(
                "^## " + Pattern.quote(title) + "\\n.*?(?=^## |\\z)", Pattern.MULTILINE | Pattern.DOTALL);
        Matcher m = own.matcher(text);
        if (m.find()) {
            String next = text.substring(m.end());
            return new ResultsDocument(text.substring(0, m.start()) + body + (next.isEmpty() ? "" : "\n" + next));
        }
        return new ResultsDocument(text.stripTrailing() + "\n\n" + body);
    }
}
