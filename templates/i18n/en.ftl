# Cognate's hosted pages and mails, English: the reference catalog.
# Every other catalog must have every key this one has (a test checks it).

sign-in-title = Sign in
sign-in-button = Sign in
sign-up-title = Create an account
sign-up-button = Sign up
confirm-title = Confirm your account
confirm-intro = We sent a code to { $destination }. Enter it below to confirm your account.
confirm-button = Confirm account
resend-button = Send a new code
forgot-title = Forgot your password?
forgot-intro = Enter your username or email address and we will send you a code to reset your password.
forgot-button = Send code
reset-title = Reset your password
reset-intro = We sent a code to { $destination }. Enter it with your new password.
reset-button = Change password
new-password-title = Set a new password
new-password-intro = Your account has a temporary password. Choose a new password to continue.
new-password-button = Set password and sign in
signed-out-title = You are signed out
signed-out-text = You have been signed out of this browser.
error-title = Something went wrong
username = Username
your-email = your email address
email = Email
phone = Phone number
username-or-email = Username or email
password = Password
new-password = New password
code = Code
forgot-link = Forgot your password?
need-account = Need an account?
sign-up-link = Sign up
have-account = Already have an account?
sign-in-link = Sign in
back-to-sign-in = Back to sign in
password-rules = Your password needs:
rule-length = { $n ->
    [one] at least { $n } character
   *[other] at least { $n } characters
}
rule-upper = an uppercase letter
rule-lower = a lowercase letter
rule-number = a number
rule-symbol = a symbol
notice-confirmed = Your account is confirmed. Sign in to continue.
notice-password-reset = Your password has been changed. Sign in with your new password.
notice-code-sent = We sent you a new code.
notice-admin-confirm = Your account has been created. An administrator must confirm it before you can sign in.
csrf-failed = This form has expired, or it was sent from another site. Load it again and try once more.
what-next = You can start again from the app you came from.
what-next-authorize = The app sent a sign-in request this server cannot accept. Going back to the app and signing in again may help; if it keeps happening, tell the app's support team.
not-found = This page does not exist.
internal = An unexpected error occurred. Try again in a moment.
mfa-totp-title = Enter your authenticator code
mfa-totp-intro = Open your authenticator app and enter the 6-digit code it shows for this account. Lost your phone? Enter one of your recovery codes instead.
mfa-email-title = Check your email
mfa-email-intro = We sent a sign-in code to { $destination }. Enter it below.
mfa-sms-title = Check your phone
mfa-sms-intro = We texted a sign-in code to { $destination }. Enter it below.
mfa-code-label = Code
mfa-verify-button = Verify
mfa-remember = Remember this device (skip this step here next time)
mfa-select-title = Choose how to verify
mfa-select-intro = Your account has more than one second factor. Which one do you want to use?
mfa-setup-title = Protect your account
mfa-setup-intro = This app requires a second sign-in step. Scan the QR code with an authenticator app (or type the key into it), then enter the 6-digit code it shows.
mfa-setup-key = Key
mfa-setup-button = Verify and continue
mfa-setup-alternatives = Or receive codes another way:
factor-totp = Authenticator app
factor-email = Email me a code
factor-sms = Text me a code
recovery-title = Save your recovery codes
recovery-intro = If you lose your authenticator, each of these codes lets you sign in once. Store them somewhere safe: they are shown only now.
continue-button = Continue
account-title = Your account
account-signed-in-as = Signed in as { $username }.
account-security = Sign-in security
account-totp-on = Authenticator app: on
account-totp-off = Authenticator app: off
account-email-on = Email codes: on
account-email-off = Email codes: off
account-sms-on = Text message codes: on
account-sms-off = Text message codes: off
account-preferred = Preferred
account-make-preferred = Make preferred
account-turn-on = Turn on
account-turn-off = Turn off
account-set-up-totp = Set up an authenticator app
account-new-recovery = New recovery codes
account-replace-totp = Move to a new authenticator app
account-recovery-left = { $n ->
    [one] { $n } recovery code left.
   *[other] { $n } recovery codes left.
}
account-devices = Remembered devices
account-no-devices = No device is remembered.
account-forget = Forget
account-last-used = last used
account-change-password = Change password
account-current-password = Current password
account-password-changed = Your password has been changed.
account-saved = Saved.
account-device-forgotten = The device is forgotten: it will be asked for a second factor again.
account-totp-title = Set up an authenticator app
account-totp-intro = Scan the QR code with your authenticator app (or type the key into it), then enter the 6-digit code it shows.
account-sign-in-first = Sign in to the app first, then open your account page again.
sign-out = Sign out
continue-with = Continue with { $name }
or-divider = or
sso-label = Work email
sso-button = Continue
sso-no-match = No sign-in is set up for that email domain. Check the address, or sign in another way.
federation-expired = This sign-in has expired or was already completed.
federation-other-browser = This sign-in was started in another browser. Go back to the app and sign in again from this browser.

# Language picker
language-picker = Language

# Forms
optional = (optional)
required-legend = Fields marked * are required.
confirm-password = Confirm password
show-password = Show
hide-password = Hide
hint-phone = With the country code, for example +14325551212
signup-closed = This app does not let you create an account yourself. Ask the app's administrator for one.
providers-heading = Sign in with
passkey-sign-in = Sign in with a passkey

# Attributes
attr-given-name = First name
attr-family-name = Last name
attr-middle-name = Middle name
attr-name = Full name
attr-nickname = Nickname
attr-preferred-username = Preferred username
attr-birthdate = Date of birth
attr-zoneinfo = Time zone
attr-locale = Language
attr-gender = Gender
attr-address = Address
attr-website = Website
attr-picture = Picture
attr-profile = Profile page

# What went wrong, for people
err-wrong-credentials = That username and password don't match. Check them and try again.
err-session-expired = This sign-in took too long or was already used. Sign in again.
err-not-allowed = That is not possible with this account. Sign in again, or ask the app's support team.
err-locked = { $minutes ->
    [one] Too many wrong passwords. Wait a minute and try again, or reset your password.
   *[other] Too many wrong passwords. Wait { $minutes } minutes and try again, or reset your password.
}
err-user-disabled = This account is turned off. Ask the app's support team to turn it on again.
err-temporary-expired = Your temporary password has expired. Ask the app's administrator for a new one.
err-too-many-network = Too many attempts came from your network. Wait a few minutes and try again.
err-limit = Too many attempts. Wait a few minutes before you try again.
err-code-mismatch = That code isn't right. Check it and try again, or ask for a new code.
err-code-expired = That code has expired. Ask for a new code.
err-username-exists = An account with this name already exists. Sign in instead, or choose another.
err-alias-exists = That email address or phone number already belongs to another account.
err-password-policy = Choose a stronger password: it must follow the rules below.
err-password-history = You used this password recently. Choose a different one.
err-user-not-found = We couldn't find an account with that name.
err-not-confirmed = Confirm your account first: we sent you a code.
err-reset-required = You need to choose a new password before you can sign in.
err-code-delivery = We couldn't send the code. Check the address and try again later.
err-upstream = The sign-in service of your organization did not answer. Try again in a moment.
err-invalid-request = Something in this request is not valid. Go back to the app and try again.
err-current-password = Your current password isn't right.
err-enter-password = Enter your password to confirm this change.
unreadable-request = This page could not read the request it was sent.
detail-for-developers = Details for the app's developers

# How to fix a field
fix-required = Fill in this field.
fix-email = Enter an email address like name@example.com
fix-phone = Enter a phone number with its country code, like +14325551212
fix-too-long = { $n ->
    [one] Use at most { $n } character.
   *[other] Use at most { $n } characters.
}
fix-too-short = { $n ->
    [one] Use at least { $n } character.
   *[other] Use at least { $n } characters.
}
fix-number = Enter a whole number.
fix-range = Enter a number from { $min } to { $max }.
fix-number-range = Enter a number in the allowed range.
fix-value = Enter a valid value.
fix-username-shape = Use 1 to 128 characters, with no spaces.
fix-username-email = Choose a username that isn't an email address. You can sign in with your email too.
fix-username-phone = Choose a username that isn't a phone number. You can sign in with your phone number too.
fix-password-length = { $n ->
    [one] Use at least { $n } character.
   *[other] Use at least { $n } characters.
}
fix-password-too-long = Use at most 256 characters.
fix-password-upper = Add an uppercase letter.
fix-password-lower = Add a lowercase letter.
fix-password-number = Add a number.
fix-password-symbol = Add a symbol, such as ! or #.
fix-password-mismatch = The passwords don't match.

# Ways on
way-sign-in-again = Sign in again
way-try-again = Try again
way-reload-form = Load the form again
way-back-to-app = Back to the app

# MFA
mfa-try-another-way = Try another way:
mfa-setup-same-phone = Setting up on this phone? Open your authenticator app
mfa-qr-alt = QR code for your authenticator app
mfa-use-recovery = Lost your phone? Use a recovery code
mfa-recovery-label = Recovery code

# Recovery codes
recovery-download = Download
recovery-copy = Copy
recovery-copied = Copied
recovery-print = Print
recovery-saved = I have saved these codes somewhere safe
recovery-file-heading = Recovery codes: each one signs you in once if you lose your authenticator.

# Account page
account-back-to-app = Back to the app
account-confirm-password = Your password, to confirm
account-fresh-sign-in = Sign in again within the last five minutes to change this.
account-authenticator = Authenticator app

# Passkeys
passkeys-heading = Passkeys
passkeys-none = You have no passkey yet. A passkey lets you sign in with your fingerprint, face or screen lock instead of a password.
passkeys-add = Add a passkey
passkeys-name = Name
passkeys-save = Save
passkeys-rename = Rename
passkeys-delete = Delete
passkeys-created = added
passkeys-never-used = never
passkeys-added = Your passkey is saved. Next time you can sign in with it.
passkeys-deleted = The passkey is deleted.
passkeys-need-script = Passkeys need JavaScript, which is turned off in this browser.
passkeys-failed = The passkey did not work. Try again, or sign in another way.
passkeys-offer-title = Sign in faster next time
passkeys-offer-intro = Add a passkey to sign in with your fingerprint, face or screen lock instead of a password.
passkeys-not-now = Not now
factor-passkey = Use a passkey

# Dates: { $day } { $month } { $year }, { $time } UTC
date-time = { $day } { $month } { $year }, { $time } UTC
month-1 = Jan
month-2 = Feb
month-3 = Mar
month-4 = Apr
month-5 = May
month-6 = Jun
month-7 = Jul
month-8 = Aug
month-9 = Sep
month-10 = Oct
month-11 = Nov
month-12 = Dec

# Mails: each has a subject, a greeting, the line before the code, and what to do.
# The HTML and text parts are built from these in templates/email/layout.*.
mail-verification-subject = Your verification code
mail-verification-greeting = Hello { $username },
mail-verification-lead = Your verification code is
mail-verification-body = Enter it on the confirmation page to finish creating your account. The code expires in 24 hours. If you did not sign up, you can ignore this message.
mail-forgot-password-subject = Your password reset code
mail-forgot-password-greeting = Hello { $username },
mail-forgot-password-lead = Your password reset code is
mail-forgot-password-body = It expires in one hour. If you did not ask to reset your password, you can ignore this message; your password has not changed.
mail-invitation-subject = Your temporary password
mail-invitation-greeting = Hello,
mail-invitation-lead = An account has been created for you. Your username is { $username } and your temporary password is
mail-invitation-body = Sign in with them; you will be asked to choose a new password. The temporary password expires if it is not used in time.
mail-mfa-code-subject = Your sign-in code
mail-mfa-code-greeting = Hello { $username },
mail-mfa-code-lead = Your sign-in code is
mail-mfa-code-body = Enter it on the sign-in page to finish signing in. The code expires in 5 minutes. If you did not try to sign in, someone knows your password: change it now.
sms-mfa-code = Your authentication code is { $code }.
sms-invitation = Your username is { $username } and temporary password is { $code }.
