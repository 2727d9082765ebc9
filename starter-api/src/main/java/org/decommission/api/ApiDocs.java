package org.decommission.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at {@code /v3/api-docs}: every /api endpoint, with bearer JWT. */
@Configuration(proxyBeanMethods = false)
class ApiDocs {
  @Bean
  OpenAPI decommissionApi() {
    return new OpenAPI()
        .info(new Info().title("Decommission API").version("0.1.0")
            .description("Deployments on Docker hosts, their lifecycle, deletion plans, receipts and events. "
                + "Errors are RFC 9457 problem documents."))
        .components(new Components().addSecuritySchemes("bearer",
            new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
        .addSecurityItem(new SecurityRequirement().addList("bearer"));
  }
}
