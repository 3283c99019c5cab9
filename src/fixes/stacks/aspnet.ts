import { defineStack, headerMatches } from "../define-stack.js";
import {
  ANY_ORIGIN_COMMENT,
  allowsAnyOrigin,
  EXISTING_MARKER,
  ORIGINS_COMMENT,
  ORIGINS_ENV,
  originsDefault,
} from "../snippet.js";

/** A C# string literal (JSON escaping is valid C# for these values). */
const cs = (value: string): string => JSON.stringify(value);

const csArgs = (values: readonly string[]): string => values.map(cs).join(", ");

/** ASP.NET Core CORS middleware (https://learn.microsoft.com/aspnet/core/security/cors). */
export const aspnet = defineStack({
  id: "aspnet",
  label: "ASP.NET Core (UseCors)",
  language: "csharp",
  detect: {
    precedence: 140,
    rules: [
      { confidence: "high", match: headerMatches("Server", /kestrel/i) },
      { confidence: "high", match: headerMatches("X-Powered-By", /asp\.net/i) },
    ],
  },
  generate({ policy, needs }) {
    const builder = [
      allowsAnyOrigin(policy.origins)
        ? `        .AllowAnyOrigin() // ${ANY_ORIGIN_COMMENT}`
        : "        .WithOrigins(allowedOrigins) // exact origins, no trailing slash",
      `        .WithMethods(${csArgs(policy.methods)})`,
      `        .WithHeaders(${csArgs(policy.headers)})`,
      ...(policy.exposeHeaders.length > 0 ? [`        .WithExposedHeaders(${csArgs(policy.exposeHeaders)})`] : []),
      ...(policy.credentials ? ["        .AllowCredentials()"] : []),
      `        .SetPreflightMaxAge(TimeSpan.FromSeconds(${policy.maxAge})));`,
    ];
    const snippet = [
      "// Program.cs",
      ...(allowsAnyOrigin(policy.origins)
        ? []
        : [
            `// ${ORIGINS_COMMENT}`,
            `var allowedOrigins = (builder.Configuration[${cs(ORIGINS_ENV)}] ?? ${cs(originsDefault(policy.origins))}).Split(',');`,
          ]),
      "builder.Services.AddCors(options =>",
      "{",
      '    options.AddPolicy("PageOrigin", policy => policy',
      ...builder,
      "});",
      "",
      "var app = builder.Build();",
      "",
      "app.UseRouting();",
      "// With a single origin ASP.NET Core sends no Vary: Origin; caches must still key on it.",
      'app.Use(async (context, next) => { context.Response.Headers.Append("Vary", "Origin"); await next(context); });',
      "// Between UseRouting and UseAuthentication/UseAuthorization: preflights are answered before auth.",
      'app.UseCors("PageOrigin");',
      "app.UseAuthentication();",
      "app.UseAuthorization();",
      "",
      `// ${EXISTING_MARKER} (app.MapControllers(), minimal API endpoints, app.Run())`,
    ].join("\n");
    const traps = [
      "UseCors must run after UseRouting and before UseAuthentication/UseAuthorization; later, [Authorize] answers preflights with 401.",
      "UseHttpsRedirection redirects an http:// preflight, and browsers refuse redirected preflights: call the API over https directly (dotnet/aspnetcore#36542).",
      'WithOrigins("https://app.example/") with a trailing slash never matches: origins have no path.',
      "AllowAnyOrigin() together with AllowCredentials() is rejected; SetIsOriginAllowed(_ => true) with credentials lets every website act as your users.",
    ];
    if (needs.errorResponses)
      traps.push(
        "Keep app.UseExceptionHandler(...) above UseCors, as the templates do: it re-runs the pipeline for the error response, which then passes UseCors and gets the headers (dotnet/aspnetcore#2378).",
      );
    if (needs.singleLayer)
      traps.unshift(
        "Remove the Access-Control-* headers IIS (web.config customHeaders), nginx or a gateway adds: the header must appear once.",
      );
    return {
      where:
        "In Program.cs: AddCors before builder.Build(), UseCors between UseRouting and UseAuthentication/UseAuthorization (merge into your existing pipeline).",
      snippet,
      traps,
    };
  },
});
