package br.lncc.llm.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic stand-in model for the runners' bookkeeping tests (resume, schema, cancel):
 * it evaluates "a op b =" prompts and answers sentiment prompts by a word list, and records
 * every prompt it saw. The real-model end-to-end test uses the tiny GPT-2 fixture.
 */
public final class ArithmeticCompleter implements TextCompleter {
    public final List<String> prompts = new ArrayList<>();

    @Override
    public String name() {
        return "arith/test";
    }

    @Override
    public Completion complete(String prompt, int maxNewTokens) {
        prompts.add(prompt);
        String text;
        var m = java.util.regex.Pattern.compile("(\\d+) ([+*-]) (\\d+) =").matcher(prompt);
        if (m.find()) {
            long a = Long.parseLong(m.group(1)), b = Long.parseLong(m.group(3));
            text = " " + switch (m.group(2)) {
                case "+" -> a + b;
                case "-" -> a - b;
                default -> a * b;
            };
        } else {
            // the repeated prompt answers "positivo" always, the normal one looks for a word
            boolean repeated = prompt.indexOf("Classifique") != prompt.lastIndexOf("Classifique");
            text = repeated || prompt.contains("excelente") ? " Positivo." : " negativo";
        }
        int inputTokens = prompt.split("\\s+").length;
        return new Completion(text, inputTokens, Math.min(maxNewTokens, 2));
    }
}
