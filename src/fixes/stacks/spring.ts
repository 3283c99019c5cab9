import { getHeaderValues } from "../../engine/fetch/header-list.js";
import type { HeaderLine } from "../../engine/types.js";
import { defineStack, headerMatches } from "../define-stack.js";
import {
  ANY_ORIGIN_COMMENT,
  allowsAnyOrigin,
  EXISTING_MARKER,
  ORIGINS_COMMENT,
  ORIGINS_ENV,
  originsDefault,
  pathScopes,
} from "../snippet.js";

/** A Java string literal (JSON escaping is valid Java for these values). */
const java = (value: string): string => JSON.stringify(value);

const javaList = (values: readonly string[]): string => `List.of(${values.map(java).join(", ")})`;

/** The Vary triad Spring's CorsProcessor and rs/cors write on CORS responses. */
function varyTriad(headers: readonly HeaderLine[]): string | null {
  const vary = getHeaderValues(headers, "Vary").join(",").toLowerCase().replace(/\s+/g, "");
  return vary.includes("origin,access-control-request-method,access-control-request-headers")
    ? `Vary: ${getHeaderValues(headers, "Vary").join(", ")}`
    : null;
}

/** Spring Boot 3 / Spring Security 6 (https://docs.spring.io/spring-security/reference/servlet/integrations/cors.html). */
export const spring = defineStack({
  id: "spring",
  label: "Spring Boot 3 / Spring Security 6",
  language: "java",
  detect: {
    precedence: 180,
    rules: [
      { confidence: "medium", match: varyTriad },
      { confidence: "low", match: headerMatches("Server", /tomcat|jetty|coyote/i) },
    ],
  },
  generate({ policy, needs }) {
    // The API's first path segment and everything under it ("/v1/**" also matches "/v1").
    const scopes = pathScopes(policy.paths);
    const patterns = scopes ? scopes.map((s) => `${s}/**`) : ["/**"];
    const snippet = [
      "import java.util.List;",
      "import org.springframework.beans.factory.annotation.Value;",
      "import org.springframework.context.annotation.Bean;",
      "import org.springframework.context.annotation.Configuration;",
      "import org.springframework.security.config.Customizer;",
      "import org.springframework.security.config.annotation.web.builders.HttpSecurity;",
      "import org.springframework.security.web.SecurityFilterChain;",
      "import org.springframework.web.cors.CorsConfiguration;",
      "import org.springframework.web.cors.CorsConfigurationSource;",
      "import org.springframework.web.cors.UrlBasedCorsConfigurationSource;",
      "",
      "@Configuration",
      "public class CorsConfig {",
      "",
      ...(allowsAnyOrigin(policy.origins)
        ? []
        : [
            `    @Value(${java(`\${cors.allowed-origins:${originsDefault(policy.origins)}}`)}) // env ${ORIGINS_ENV}`,
            "    private String allowedOrigins;",
            "",
          ]),
      "    @Bean",
      "    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {",
      "        // The CorsFilter runs before authentication and answers preflights (they carry no credentials).",
      "        http.cors(Customizer.withDefaults());",
      `        // ${EXISTING_MARKER} (authorizeHttpRequests, oauth2ResourceServer, httpBasic, csrf, ...)`,
      "        return http.build();",
      "    }",
      "",
      "    @Bean",
      "    CorsConfigurationSource corsConfigurationSource() {",
      "        CorsConfiguration config = new CorsConfiguration();",
      ...(allowsAnyOrigin(policy.origins)
        ? [`        config.setAllowedOrigins(List.of("*")); // ${ANY_ORIGIN_COMMENT}`]
        : [`        // ${ORIGINS_COMMENT}`, `        config.setAllowedOrigins(List.of(allowedOrigins.split(",")));`]),
      `        config.setAllowedMethods(${javaList(policy.methods)});`,
      `        config.setAllowedHeaders(${javaList(policy.headers)});`,
      ...(policy.exposeHeaders.length > 0
        ? [`        config.setExposedHeaders(${javaList(policy.exposeHeaders)});`]
        : []),
      ...(policy.credentials ? ["        config.setAllowCredentials(true);"] : []),
      `        config.setMaxAge(${policy.maxAge}L);`,
      "        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();",
      ...patterns.map((pattern) => `        source.registerCorsConfiguration(${java(pattern)}, config);`),
      "        return source;",
      "    }",
      "}",
    ].join("\n");
    const traps = [
      "Without http.cors(...), Spring Security answers preflights with 401/403 before Spring MVC's CORS support runs (spring-projects/spring-security#4448).",
      'setAllowedOrigins(List.of("*")) with setAllowCredentials(true) throws IllegalArgumentException at the first request; list the exact origin.',
      "If you already have a SecurityFilterChain bean, add only http.cors(Customizer.withDefaults()) to it: a second chain matching every request fails at startup.",
      "Without Spring Security, register the same values in WebMvcConfigurer.addCorsMappings instead; the http.cors() call needs spring-boot-starter-security.",
      "Origins must match exactly: no trailing slash, and the port is part of the origin.",
    ];
    if (needs.errorResponses)
      traps.push(
        'Spring Security 6 also secures ERROR dispatches: permit "/error" (requestMatchers("/error").permitAll()), or a 500 reaches the browser as a bare 401.',
      );
    if (needs.singleLayer)
      traps.unshift(
        "Remove the Access-Control-* headers your proxy (nginx, a gateway) or a @CrossOrigin adds: the header must appear once.",
      );
    return {
      where:
        "A @Configuration class in the Spring Boot 3 application (Spring Security 6); the CorsConfigurationSource bean is picked up by http.cors().",
      snippet,
      traps,
    };
  },
});
