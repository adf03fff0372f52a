package dev.swiftlet.bench.plot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One pipe table of a markdown document: its header cells and its data rows (the {@code |---|} rule dropped).
 * Cells are trimmed; numbers are read leniently ({@link #number}) because the benchmarks decorate them.
 */
record MarkdownTable(List<String> header, List<List<String>> rows) {

    private static final Pattern RULE = Pattern.compile("\\|?\\s*:?-{3,}:?\\s*(\\|\\s*:?-{3,}:?\\s*)*\\|?");
    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

    MarkdownTable {
        header = List.copyOf(header);
        rows = rows.stream().map(List::copyOf).toList();
    }

    /** Every table in {@code text}: runs of lines starting with {@code |} whose second line is a rule. */
    static List<MarkdownTable> parseAll(String text) {
        List<MarkdownTable> tables = new ArrayList<>();
        List<String> run = new ArrayList<>();
        for (String line : (text + "\n").split("\n", -1)) {
            if (line.startsWith("|")) {
                run.add(line);
                continue;
            }
            if (run.size() >= 2 && RULE.matcher(run.get(1).trim()).matches()) {
                List<List<String>> rows = run.subList(2, run.size()).stream()
                        .map(MarkdownTable::cells)
                        .toList();
                tables.add(new MarkdownTable(cells(run.getFirst()), rows));
            }
            run.clear();
        }
        return tables;
    }

    private static List<String> cells(String line) {
        String s = line.trim();
        if (s.startsWith("|")) s = s.substring(1);
        if (s.endsWith("|")) s = s.substring(0, s.length() - 1);
        return Arrays.stream(s.split("\\|", -1)).map(String::trim).toList();
    }

    /** Index of the first header cell that {@code column} finds a match in, or -1. */
    int column(Pattern column) {
        for (int i = 0; i < header.size(); i++) {
            if (column.matcher(header.get(i)).find()) return i;
        }
        return -1;
    }

    /** The cell, or "" when the row is shorter than the header (a hand-edited table). */
    static String cell(List<String> row, int index) {
        return index >= 0 && index < row.size() ? row.get(index) : "";
    }

    /**
     * The first number in a cell such as {@code **0.15x**}, {@code 1,234.5 MiB/s} or {@code ≤ 2 s}; NaN when there is
     * none (a figure leaves such a bar out rather than drawing a zero).
     */
    static double number(String cell) {
        var m = NUMBER.matcher(cell.replace(",", ""));
        return m.find() ? Double.parseDouble(m.group()) : Double.NaN;
    }
}
