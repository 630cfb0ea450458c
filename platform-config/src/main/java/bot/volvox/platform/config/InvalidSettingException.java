package bot.volvox.platform.config;

/**
 * A setting (environment variable) has a value the services cannot work with. The message always names
 * the variable and never contains a secret, so it is safe to print at startup.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private final String variable;

    public InvalidSettingException(String variable, String problem) {
        super(variable + " " + problem);
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }
}
