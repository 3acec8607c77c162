package br.lncc.llm.bench.energy;

import java.util.Locale;

/**
 * Grams of CO2 per kWh of the electricity grid. CO2 (kg) = energy (kWh) × intensity / 1000.
 * Brazil's 98.3 g/kWh is Our World in Data's 2023 value; 475 g/kWh is CodeCarbon's world
 * average (IEA). Other countries: pass the number.
 */
public record GridIntensity(String country, double gramsPerKwh) {

    public static final GridIntensity BRAZIL = new GridIntensity("BR", 98.3);
    public static final GridIntensity WORLD = new GridIntensity("WORLD", 475);

    public static GridIntensity forCountry(String code) {
        return switch (code.trim().toUpperCase(Locale.ROOT)) {
            case "BR", "BRA", "BRASIL", "BRAZIL" -> BRAZIL;
            case "WORLD", "MUNDO", "WLD" -> WORLD;
            default -> throw new br.lncc.llm.text.InvalidInputException("benchinput.country", code);
        };
    }

    public double kgCo2(double kwh) {
        return kwh * gramsPerKwh / 1000;
    }
}
