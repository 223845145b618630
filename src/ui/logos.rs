//! The logos of the social providers Cognito knows, for their buttons on the sign-in
//! page (inline SVG from `static/logos/`, drawn to each one's branding rules: Google's
//! four-colour G on white, Apple's mark in the text colour, Facebook's blue f, Amazon's
//! smile). Other providers get a button with their name only.

/// The inline SVG logo of a provider, by its Cognito name.
pub fn of(provider: &str) -> Option<&'static str> {
    Some(match provider {
        "Google" => include_str!("../../static/logos/google.svg"),
        "SignInWithApple" => include_str!("../../static/logos/apple.svg"),
        "Facebook" => include_str!("../../static/logos/facebook.svg"),
        "LoginWithAmazon" => include_str!("../../static/logos/amazon.svg"),
        _ => return None,
    })
}

/// The name people know a provider by (Cognito's names for Apple and Amazon are ids).
pub fn display_name(provider: &str) -> &str {
    match provider {
        "SignInWithApple" => "Apple",
        "LoginWithAmazon" => "Amazon",
        other => other,
    }
}
