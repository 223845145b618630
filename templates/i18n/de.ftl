# Cognate's hosted pages and mails, German.
# Every other catalog must have every key this one has (a test checks it).

sign-in-title = Anmelden
sign-in-button = Anmelden
sign-up-title = Konto erstellen
sign-up-button = Registrieren
confirm-title = Bestätigen Sie Ihr Konto
confirm-intro = Wir haben einen Code an { $destination } gesendet. Geben Sie ihn unten ein, um Ihr Konto zu bestätigen.
confirm-button = Konto bestätigen
resend-button = Neuen Code senden
forgot-title = Passwort vergessen?
forgot-intro = Geben Sie Ihren Benutzernamen oder Ihre E-Mail-Adresse ein. Wir senden Ihnen dann einen Code, mit dem Sie Ihr Passwort zurücksetzen können.
forgot-button = Code senden
reset-title = Passwort zurücksetzen
reset-intro = Wir haben einen Code an { $destination } gesendet. Geben Sie ihn zusammen mit Ihrem neuen Passwort ein.
reset-button = Passwort ändern
new-password-title = Neues Passwort festlegen
new-password-intro = Ihr Konto hat ein vorläufiges Passwort. Wählen Sie ein neues Passwort, um fortzufahren.
new-password-button = Passwort festlegen und anmelden
signed-out-title = Sie sind abgemeldet
signed-out-text = Sie wurden in diesem Browser abgemeldet.
error-title = Etwas ist schiefgelaufen
username = Benutzername
your-email = Ihre E-Mail-Adresse
email = E-Mail
phone = Telefonnummer
username-or-email = Benutzername oder E-Mail
password = Passwort
new-password = Neues Passwort
code = Code
forgot-link = Passwort vergessen?
need-account = Noch kein Konto?
sign-up-link = Registrieren
have-account = Sie haben bereits ein Konto?
sign-in-link = Anmelden
back-to-sign-in = Zurück zur Anmeldung
password-rules = Ihr Passwort benötigt:
rule-length = { $n ->
    [one] mindestens { $n } Zeichen
   *[other] mindestens { $n } Zeichen
}
rule-upper = einen Großbuchstaben
rule-lower = einen Kleinbuchstaben
rule-number = eine Ziffer
rule-symbol = ein Sonderzeichen
notice-confirmed = Ihr Konto ist bestätigt. Melden Sie sich an, um fortzufahren.
notice-password-reset = Ihr Passwort wurde geändert. Melden Sie sich mit Ihrem neuen Passwort an.
notice-code-sent = Wir haben Ihnen einen neuen Code gesendet.
notice-admin-confirm = Ihr Konto wurde erstellt. Ein Administrator muss es bestätigen, bevor Sie sich anmelden können.
csrf-failed = Dieses Formular ist abgelaufen oder wurde von einer anderen Website gesendet. Laden Sie es neu und versuchen Sie es noch einmal.
what-next = Sie können in der App, aus der Sie gekommen sind, neu beginnen.
what-next-authorize = Die App hat eine Anmeldeanfrage gesendet, die dieser Server nicht annehmen kann. Es kann helfen, zur App zurückzukehren und sich erneut anzumelden. Wenn es immer wieder passiert, wenden Sie sich an den Support der App.
not-found = Diese Seite existiert nicht.
internal = Ein unerwarteter Fehler ist aufgetreten. Versuchen Sie es gleich noch einmal.
mfa-totp-title = Code aus der Authenticator-App eingeben
mfa-totp-intro = Öffnen Sie Ihre Authenticator-App und geben Sie den 6-stelligen Code ein, den sie für dieses Konto anzeigt. Telefon verloren? Geben Sie stattdessen einen Ihrer Wiederherstellungscodes ein.
mfa-email-title = Prüfen Sie Ihre E-Mails
mfa-email-intro = Wir haben einen Anmeldecode an { $destination } gesendet. Geben Sie ihn unten ein.
mfa-sms-title = Prüfen Sie Ihr Telefon
mfa-sms-intro = Wir haben einen Anmeldecode per SMS an { $destination } gesendet. Geben Sie ihn unten ein.
mfa-code-label = Code
mfa-verify-button = Bestätigen
mfa-remember = Dieses Gerät merken (diesen Schritt hier beim nächsten Mal überspringen)
mfa-select-title = Bestätigungsmethode wählen
mfa-select-intro = Ihr Konto hat mehr als einen zweiten Faktor. Welchen möchten Sie verwenden?
mfa-setup-title = Schützen Sie Ihr Konto
mfa-setup-intro = Diese App verlangt einen zweiten Anmeldeschritt. Scannen Sie den QR-Code mit einer Authenticator-App (oder geben Sie den Schlüssel dort ein) und geben Sie dann den 6-stelligen Code ein, den sie anzeigt.
mfa-setup-key = Schlüssel
mfa-setup-button = Bestätigen und fortfahren
mfa-setup-alternatives = Oder Codes auf anderem Weg erhalten:
factor-totp = Authenticator-App
factor-email = Code per E-Mail senden
factor-sms = Code per SMS senden
recovery-title = Speichern Sie Ihre Wiederherstellungscodes
recovery-intro = Wenn Sie Ihre Authenticator-App verlieren, können Sie sich mit jedem dieser Codes einmal anmelden. Bewahren Sie sie sicher auf: Sie werden nur jetzt angezeigt.
continue-button = Weiter
account-title = Ihr Konto
account-signed-in-as = Angemeldet als { $username }.
account-security = Anmeldesicherheit
account-totp-on = Authenticator-App: ein
account-totp-off = Authenticator-App: aus
account-email-on = Codes per E-Mail: ein
account-email-off = Codes per E-Mail: aus
account-sms-on = Codes per SMS: ein
account-sms-off = Codes per SMS: aus
account-preferred = Bevorzugt
account-make-preferred = Als bevorzugt festlegen
account-turn-on = Einschalten
account-turn-off = Ausschalten
account-set-up-totp = Authenticator-App einrichten
account-new-recovery = Neue Wiederherstellungscodes
account-replace-totp = Zu einer neuen Authenticator-App wechseln
account-recovery-left = { $n ->
    [one] Noch { $n } Wiederherstellungscode übrig.
   *[other] Noch { $n } Wiederherstellungscodes übrig.
}
account-devices = Gemerkte Geräte
account-no-devices = Es ist kein Gerät gemerkt.
account-forget = Vergessen
account-last-used = zuletzt verwendet
account-change-password = Passwort ändern
account-current-password = Aktuelles Passwort
account-password-changed = Ihr Passwort wurde geändert.
account-saved = Gespeichert.
account-device-forgotten = Das Gerät wurde vergessen: Es wird wieder nach einem zweiten Faktor gefragt.
account-totp-title = Authenticator-App einrichten
account-totp-intro = Scannen Sie den QR-Code mit Ihrer Authenticator-App (oder geben Sie den Schlüssel dort ein) und geben Sie dann den 6-stelligen Code ein, den sie anzeigt.
account-sign-in-first = Melden Sie sich zuerst in der App an und öffnen Sie dann Ihre Kontoseite erneut.
sign-out = Abmelden
continue-with = Weiter mit { $name }
or-divider = oder
sso-label = Geschäftliche E-Mail
sso-button = Weiter
sso-no-match = Für diese E-Mail-Domain ist keine Anmeldung eingerichtet. Prüfen Sie die Adresse oder melden Sie sich auf andere Weise an.
federation-expired = Diese Anmeldung ist abgelaufen oder wurde bereits abgeschlossen.
federation-other-browser = Diese Anmeldung wurde in einem anderen Browser begonnen. Kehren Sie zur App zurück und melden Sie sich in diesem Browser erneut an.

# Language picker
language-picker = Sprache

# Forms
optional = (optional)
required-legend = Mit * markierte Felder sind Pflichtfelder.
confirm-password = Passwort bestätigen
show-password = Anzeigen
hide-password = Verbergen
hint-phone = Mit Ländervorwahl, zum Beispiel +14325551212
signup-closed = In dieser App können Sie selbst kein Konto erstellen. Bitten Sie den Administrator der App um ein Konto.
providers-heading = Anmelden mit
passkey-sign-in = Mit einem Passkey anmelden

# Attributes
attr-given-name = Vorname
attr-family-name = Nachname
attr-middle-name = Zweiter Vorname
attr-name = Vollständiger Name
attr-nickname = Spitzname
attr-preferred-username = Bevorzugter Benutzername
attr-birthdate = Geburtsdatum
attr-zoneinfo = Zeitzone
attr-locale = Sprache
attr-gender = Geschlecht
attr-address = Adresse
attr-website = Website
attr-picture = Bild
attr-profile = Profilseite

# What went wrong, for people
err-wrong-credentials = Benutzername und Passwort passen nicht zusammen. Prüfen Sie Ihre Eingaben und versuchen Sie es erneut.
err-session-expired = Diese Anmeldung hat zu lange gedauert oder wurde bereits verwendet. Melden Sie sich erneut an.
err-not-allowed = Das ist mit diesem Konto nicht möglich. Melden Sie sich erneut an oder wenden Sie sich an den Support der App.
err-locked = { $minutes ->
    [one] Zu viele falsche Passwörter. Warten Sie eine Minute und versuchen Sie es erneut, oder setzen Sie Ihr Passwort zurück.
   *[other] Zu viele falsche Passwörter. Warten Sie { $minutes } Minuten und versuchen Sie es erneut, oder setzen Sie Ihr Passwort zurück.
}
err-user-disabled = Dieses Konto ist deaktiviert. Bitten Sie den Support der App, es wieder zu aktivieren.
err-temporary-expired = Ihr vorläufiges Passwort ist abgelaufen. Bitten Sie den Administrator der App um ein neues.
err-too-many-network = Aus Ihrem Netzwerk kamen zu viele Versuche. Warten Sie einige Minuten und versuchen Sie es erneut.
err-limit = Zu viele Versuche. Warten Sie einige Minuten, bevor Sie es erneut versuchen.
err-code-mismatch = Dieser Code ist nicht richtig. Prüfen Sie ihn und versuchen Sie es erneut, oder fordern Sie einen neuen Code an.
err-code-expired = Dieser Code ist abgelaufen. Fordern Sie einen neuen Code an.
err-username-exists = Ein Konto mit diesem Namen gibt es bereits. Melden Sie sich stattdessen an oder wählen Sie einen anderen Namen.
err-alias-exists = Diese E-Mail-Adresse oder Telefonnummer gehört bereits zu einem anderen Konto.
err-password-policy = Wählen Sie ein sichereres Passwort: Es muss die folgenden Regeln erfüllen.
err-password-history = Sie haben dieses Passwort vor Kurzem verwendet. Wählen Sie ein anderes.
err-user-not-found = Wir konnten kein Konto mit diesem Namen finden.
err-not-confirmed = Bestätigen Sie zuerst Ihr Konto: Wir haben Ihnen einen Code gesendet.
err-reset-required = Sie müssen ein neues Passwort wählen, bevor Sie sich anmelden können.
err-code-delivery = Wir konnten den Code nicht senden. Prüfen Sie die Adresse und versuchen Sie es später erneut.
err-upstream = Der Anmeldedienst Ihrer Organisation hat nicht geantwortet. Versuchen Sie es gleich noch einmal.
err-invalid-request = Etwas an dieser Anfrage ist ungültig. Kehren Sie zur App zurück und versuchen Sie es erneut.
err-current-password = Ihr aktuelles Passwort ist nicht richtig.
err-enter-password = Geben Sie Ihr Passwort ein, um diese Änderung zu bestätigen.
unreadable-request = Diese Seite konnte die an sie gesendete Anfrage nicht lesen.
detail-for-developers = Details für die Entwickler der App

# How to fix a field
fix-required = Füllen Sie dieses Feld aus.
fix-email = Geben Sie eine E-Mail-Adresse wie name@example.com ein
fix-phone = Geben Sie eine Telefonnummer mit Ländervorwahl ein, zum Beispiel +14325551212
fix-too-long = { $n ->
    [one] Verwenden Sie höchstens { $n } Zeichen.
   *[other] Verwenden Sie höchstens { $n } Zeichen.
}
fix-too-short = { $n ->
    [one] Verwenden Sie mindestens { $n } Zeichen.
   *[other] Verwenden Sie mindestens { $n } Zeichen.
}
fix-number = Geben Sie eine ganze Zahl ein.
fix-range = Geben Sie eine Zahl von { $min } bis { $max } ein.
fix-number-range = Geben Sie eine Zahl im zulässigen Bereich ein.
fix-value = Geben Sie einen gültigen Wert ein.
fix-username-shape = Verwenden Sie 1 bis 128 Zeichen ohne Leerzeichen.
fix-username-email = Wählen Sie einen Benutzernamen, der keine E-Mail-Adresse ist. Sie können sich auch mit Ihrer E-Mail-Adresse anmelden.
fix-username-phone = Wählen Sie einen Benutzernamen, der keine Telefonnummer ist. Sie können sich auch mit Ihrer Telefonnummer anmelden.
fix-password-length = { $n ->
    [one] Verwenden Sie mindestens { $n } Zeichen.
   *[other] Verwenden Sie mindestens { $n } Zeichen.
}
fix-password-too-long = Verwenden Sie höchstens 256 Zeichen.
fix-password-upper = Fügen Sie einen Großbuchstaben hinzu.
fix-password-lower = Fügen Sie einen Kleinbuchstaben hinzu.
fix-password-number = Fügen Sie eine Ziffer hinzu.
fix-password-symbol = Fügen Sie ein Sonderzeichen hinzu, zum Beispiel ! oder #.
fix-password-mismatch = Die Passwörter stimmen nicht überein.

# Ways on
way-sign-in-again = Erneut anmelden
way-try-again = Erneut versuchen
way-reload-form = Formular neu laden
way-back-to-app = Zurück zur App

# MFA
mfa-try-another-way = Andere Methode versuchen:
mfa-setup-same-phone = Einrichtung auf diesem Telefon? Authenticator-App öffnen
mfa-qr-alt = QR-Code für Ihre Authenticator-App
mfa-use-recovery = Telefon verloren? Verwenden Sie einen Wiederherstellungscode
mfa-recovery-label = Wiederherstellungscode

# Recovery codes
recovery-download = Herunterladen
recovery-copy = Kopieren
recovery-copied = Kopiert
recovery-print = Drucken
recovery-saved = Ich habe diese Codes sicher aufbewahrt
recovery-file-heading = Wiederherstellungscodes: Mit jedem können Sie sich einmal anmelden, falls Sie Ihre Authenticator-App verlieren.

# Account page
account-back-to-app = Zurück zur App
account-confirm-password = Ihr Passwort zur Bestätigung
account-fresh-sign-in = Um dies zu ändern, müssen Sie sich in den letzten fünf Minuten angemeldet haben.
account-authenticator = Authenticator-App

# Passkeys
passkeys-heading = Passkeys
passkeys-none = Sie haben noch keinen Passkey. Mit einem Passkey melden Sie sich per Fingerabdruck, Gesichtserkennung oder Displaysperre statt mit einem Passwort an.
passkeys-add = Passkey hinzufügen
passkeys-name = Name
passkeys-save = Speichern
passkeys-rename = Umbenennen
passkeys-delete = Löschen
passkeys-created = hinzugefügt am
passkeys-never-used = nie
passkeys-added = Ihr Passkey ist gespeichert. Beim nächsten Mal können Sie sich damit anmelden.
passkeys-deleted = Der Passkey wurde gelöscht.
passkeys-need-script = Passkeys benötigen JavaScript, das in diesem Browser deaktiviert ist.
passkeys-failed = Der Passkey hat nicht funktioniert. Versuchen Sie es erneut oder melden Sie sich auf andere Weise an.
passkeys-offer-title = Beim nächsten Mal schneller anmelden
passkeys-offer-intro = Fügen Sie einen Passkey hinzu, um sich per Fingerabdruck, Gesichtserkennung oder Displaysperre statt mit einem Passwort anzumelden.
passkeys-not-now = Nicht jetzt
factor-passkey = Passkey verwenden

# Dates: { $day }. { $month } { $year }, { $time } UTC
date-time = { $day }. { $month } { $year }, { $time } UTC
month-1 = Jan.
month-2 = Feb.
month-3 = März
month-4 = Apr.
month-5 = Mai
month-6 = Juni
month-7 = Juli
month-8 = Aug.
month-9 = Sept.
month-10 = Okt.
month-11 = Nov.
month-12 = Dez.

# Mails: each has a subject, a greeting, the line before the code, and what to do.
# The HTML and text parts are built from these in templates/email/layout.*.
mail-verification-subject = Ihr Bestätigungscode
mail-verification-greeting = Hallo { $username },
mail-verification-lead = Ihr Bestätigungscode lautet
mail-verification-body = Geben Sie ihn auf der Bestätigungsseite ein, um die Erstellung Ihres Kontos abzuschließen. Der Code ist 24 Stunden gültig. Wenn Sie sich nicht registriert haben, können Sie diese Nachricht ignorieren.
mail-forgot-password-subject = Ihr Code zum Zurücksetzen des Passworts
mail-forgot-password-greeting = Hallo { $username },
mail-forgot-password-lead = Ihr Code zum Zurücksetzen des Passworts lautet
mail-forgot-password-body = Er ist eine Stunde gültig. Wenn Sie nicht darum gebeten haben, Ihr Passwort zurückzusetzen, können Sie diese Nachricht ignorieren; Ihr Passwort wurde nicht geändert.
mail-invitation-subject = Ihr vorläufiges Passwort
mail-invitation-greeting = Hallo,
mail-invitation-lead = Für Sie wurde ein Konto erstellt. Ihr Benutzername ist { $username } und Ihr vorläufiges Passwort lautet
mail-invitation-body = Melden Sie sich damit an; Sie werden dann aufgefordert, ein neues Passwort zu wählen. Das vorläufige Passwort verfällt, wenn es nicht rechtzeitig verwendet wird.
mail-mfa-code-subject = Ihr Anmeldecode
mail-mfa-code-greeting = Hallo { $username },
mail-mfa-code-lead = Ihr Anmeldecode lautet
mail-mfa-code-body = Geben Sie ihn auf der Anmeldeseite ein, um die Anmeldung abzuschließen. Der Code ist 5 Minuten gültig. Wenn Sie nicht versucht haben, sich anzumelden, kennt jemand Ihr Passwort: Ändern Sie es sofort.
sms-mfa-code = Ihr Authentifizierungscode lautet { $code }.
sms-invitation = Ihr Benutzername ist { $username } und Ihr vorläufiges Passwort lautet { $code }.
