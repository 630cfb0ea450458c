package bot.volvox.platform.actions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import bot.volvox.platform.commands.OwningService;
import io.quarkus.arc.properties.IfBuildProperty;

/**
 * Which domain service this process is, from {@code quarkus.application.name}: the commands it owns, the origin of
 * the actions it requests. A name that is not one of {@link OwningService}'s stops start-up, so the identity cannot
 * silently differ between the consumer group, the command registry and the action ids.
 */
@ApplicationScoped
@IfBuildProperty(name = ServiceIdentity.ROLE, stringValue = ServiceIdentity.DOMAIN, enableIfMissing = true)
public class ServiceIdentity {
    /**
     * Build-time role of a service: {@code domain} (the default) answers commands and requests actions through
     * platform's interaction layer; the gateway sets {@code gateway}, since it executes actions instead.
     */
    public static final String ROLE = "volvox.role";
    public static final String DOMAIN = "domain";

    private final OwningService service;

    @Inject
    ServiceIdentity(@ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.service = OwningService.named(applicationName).filter(OwningService.domainServices()::contains)
                .orElseThrow(() -> new IllegalStateException("quarkus.application.name=" + applicationName
                        + " is not a Volvox domain service (expected one of " + OwningService.domainServices().stream()
                                .map(OwningService::serviceName).toList() + ")"));
    }

    public static ServiceIdentity of(OwningService service) {
        return new ServiceIdentity(service.serviceName());
    }

    public OwningService service() {
        return service;
    }

    public String name() {
        return service.serviceName();
    }
}
