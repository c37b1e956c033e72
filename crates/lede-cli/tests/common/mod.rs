//! Fixtures shared by the CLI test files.

/// Three short articles with one reference highlight each.
pub const ARTICLES: [(&str, &str); 3] = [
    (
        "Police arrested two men after a bank robbery in Leeds on Friday. The weather was mild. \
         The bank said no money was taken in the robbery. A spokesman declined to comment. \
         Shoppers watched from across the street as officers arrived.",
        "Two men arrested after bank robbery in Leeds.",
    ),
    (
        "The city council approved a new bridge over the river on Tuesday. Construction will \
         begin in March and last two years. The bridge will cost 40 million dollars. Residents \
         had asked for a crossing for a decade. The mayor called the vote historic.",
        "Council approves 40 million dollar bridge; work begins in March.",
    ),
    (
        "A storm knocked out power to thousands of homes overnight. Crews worked through the \
         night to restore it. Schools in the county were closed on Wednesday. Forecasters expect \
         more rain later this week. No injuries were reported.",
        "Storm cuts power to thousands; schools closed.",
    ),
];
