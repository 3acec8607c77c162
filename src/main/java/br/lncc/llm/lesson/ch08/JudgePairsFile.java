package br.lncc.llm.lesson.ch08;

import br.lncc.llm.text.ReadFailure;
import br.lncc.llm.lesson.LessonInputException;
import br.lncc.llm.lesson.ch08.JudgeFragility.Answer;
import br.lncc.llm.lesson.ch08.JudgeFragility.Pair;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Answer pairs for the judge as JSON Lines, one object per line:
 * {@code {"question": "...", "answer_a": "...", "answer_b": "...", "correct": "a"}}.
 * Blank lines are skipped; any other bad line stops the reading with its line number.
 */
public final class JudgePairsFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JudgePairsFile() {}

    public static List<Pair> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LessonInputException(br.lncc.llm.text.Message.of("lesson.judge.file.unreadable", file, ReadFailure.reason(e)), e.toString());
        }
        return parse(lines, String.valueOf(file.getFileName()));
    }

    /** @param source the file name, for messages ("linha 3 de pares.jsonl: …") */
    public static List<Pair> parse(List<String> lines, String source) {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) continue;
            if (i == 0 && line.startsWith("\uFEFF")) line = line.substring(1);
            var where = br.lncc.llm.text.Message.of("lesson.judge.file.where", i + 1, source);
            JsonNode row;
            try {
                row = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new LessonInputException(br.lncc.llm.text.Message.of("lesson.judge.file.notJson", where, shorten(line)),
                        e.getOriginalMessage());
            }
            if (row == null || !row.isObject()) {
                throw new LessonInputException(br.lncc.llm.text.Message.of("lesson.judge.file.notObject", where),
                        shorten(line));
            }
            String question = text(row, "question", where);
            String a = text(row, "answer_a", where);
            String b = text(row, "answer_b", where);
            String correct = text(row, "correct", where).strip().toLowerCase(Locale.ROOT);
            Answer answer = switch (correct) {
                case "a" -> Answer.A;
                case "b" -> Answer.B;
                default -> throw new LessonInputException(
                        br.lncc.llm.text.Message.of("lesson.judge.file.correct", where, correct), shorten(line));
            };
            try {
                pairs.add(new Pair(question, a, b, answer));
            } catch (LessonInputException e) {
                throw new LessonInputException(br.lncc.llm.text.Message.of("lesson.judge.file.inLine", where, e.text()), shorten(line));
            }
        }
        if (pairs.isEmpty()) throw new LessonInputException(br.lncc.llm.text.Message.of("lesson.judge.file.noPairs", source), "");
        return pairs;
    }

    /** The pairs as JSON Lines, readable back by {@link #parse}. */
    public static String format(List<Pair> pairs) {
        var out = new StringBuilder();
        for (Pair p : pairs) {
            var row = JSON.createObjectNode();
            row.put("question", p.question());
            row.put("answer_a", p.answerA());
            row.put("answer_b", p.answerB());
            row.put("correct", p.correct().code());
            out.append(row).append('\n');
        }
        return out.toString();
    }

    private static String text(JsonNode row, String field, br.lncc.llm.text.Message where) {
        JsonNode v = row.get(field);
        if (v == null || v.isNull()) throw new LessonInputException(br.lncc.llm.text.Message.of("lesson.judge.file.missingField", where, field), row.toString());
        if (!v.isTextual()) throw new LessonInputException(br.lncc.llm.text.Message.of("lesson.judge.file.notText", where, field), row.toString());
        if (v.asText().isBlank()) throw new LessonInputException(br.lncc.llm.text.Message.of("lesson.judge.file.emptyField", where, field), row.toString());
        return v.asText();
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
