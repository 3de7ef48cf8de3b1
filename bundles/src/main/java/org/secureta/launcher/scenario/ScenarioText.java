package org.secureta.launcher.scenario;

/** Small text helpers for the scenarios' reports. */
final class ScenarioText {

    private ScenarioText() {
    }

    /** An event line without its time stamp: {@code KIND name=value ...}. */
    static String strip(String eventLine) {
        String s = eventLine.strip();
        int space = s.indexOf(' ');
        return space > 0 && Character.isDigit(s.charAt(0)) ? s.substring(space + 1) : s;
    }
}
