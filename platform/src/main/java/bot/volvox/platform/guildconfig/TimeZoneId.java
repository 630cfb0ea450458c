package bot.volvox.platform.guildconfig;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.DateTimeException;
import java.time.ZoneId;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** A region-based IANA time zone id known to the JVM ({@code Europe/Paris}, {@code America/New_York}) or {@code UTC}. */
@Documented
@Constraint(validatedBy = TimeZoneId.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD,
        ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface TimeZoneId {
    String message() default "must be an IANA time zone such as Europe/Paris, America/New_York or UTC";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Null is left to {@code @NotNull}; offsets like {@code +02:00} are refused (they ignore daylight saving). */
    class Validator implements ConstraintValidator<TimeZoneId, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            if (value.equals("UTC")) {
                return true;
            }
            try {
                return value.contains("/") && ZoneId.of(value).getId().equals(value);
            } catch (DateTimeException e) {
                return false;
            }
        }
    }
}
