# Cognate's hosted pages and mails, Spanish.
# Every other catalog must have every key this one has (a test checks it).

sign-in-title = Iniciar sesión
sign-in-button = Iniciar sesión
sign-up-title = Crear una cuenta
sign-up-button = Registrarse
confirm-title = Confirma tu cuenta
confirm-intro = Te enviamos un código a { $destination }. Introdúcelo abajo para confirmar tu cuenta.
confirm-button = Confirmar cuenta
resend-button = Enviar un código nuevo
forgot-title = ¿Olvidaste tu contraseña?
forgot-intro = Introduce tu nombre de usuario o tu dirección de correo electrónico y te enviaremos un código para restablecer tu contraseña.
forgot-button = Enviar código
reset-title = Restablece tu contraseña
reset-intro = Te enviamos un código a { $destination }. Introdúcelo junto con tu nueva contraseña.
reset-button = Cambiar contraseña
new-password-title = Establece una contraseña nueva
new-password-intro = Tu cuenta tiene una contraseña temporal. Elige una contraseña nueva para continuar.
new-password-button = Establecer contraseña e iniciar sesión
signed-out-title = Has cerrado sesión
signed-out-text = Se ha cerrado tu sesión en este navegador.
error-title = Algo salió mal
username = Nombre de usuario
your-email = tu dirección de correo electrónico
email = Correo electrónico
phone = Número de teléfono
username-or-email = Nombre de usuario o correo electrónico
password = Contraseña
new-password = Contraseña nueva
code = Código
forgot-link = ¿Olvidaste tu contraseña?
need-account = ¿No tienes una cuenta?
sign-up-link = Regístrate
have-account = ¿Ya tienes una cuenta?
sign-in-link = Inicia sesión
back-to-sign-in = Volver al inicio de sesión
password-rules = Tu contraseña necesita:
rule-length = { $n ->
    [one] al menos { $n } carácter
   *[other] al menos { $n } caracteres
}
rule-upper = una letra mayúscula
rule-lower = una letra minúscula
rule-number = un número
rule-symbol = un símbolo
notice-confirmed = Tu cuenta está confirmada. Inicia sesión para continuar.
notice-password-reset = Tu contraseña se ha cambiado. Inicia sesión con tu nueva contraseña.
notice-code-sent = Te enviamos un código nuevo.
notice-admin-confirm = Tu cuenta se ha creado. Un administrador debe confirmarla antes de que puedas iniciar sesión.
csrf-failed = Este formulario ha caducado o se envió desde otro sitio. Vuelve a cargarlo e inténtalo de nuevo.
what-next = Puedes empezar de nuevo desde la aplicación de la que vienes.
what-next-authorize = La aplicación envió una solicitud de inicio de sesión que este servidor no puede aceptar. Puede ayudar volver a la aplicación e iniciar sesión de nuevo; si sigue ocurriendo, avisa al equipo de soporte de la aplicación.
not-found = Esta página no existe.
internal = Se produjo un error inesperado. Inténtalo de nuevo en un momento.
mfa-totp-title = Introduce el código de tu autenticador
mfa-totp-intro = Abre tu aplicación de autenticación e introduce el código de 6 dígitos que muestra para esta cuenta. ¿Perdiste tu teléfono? Introduce uno de tus códigos de recuperación.
mfa-email-title = Revisa tu correo
mfa-email-intro = Te enviamos un código de inicio de sesión a { $destination }. Introdúcelo abajo.
mfa-sms-title = Revisa tu teléfono
mfa-sms-intro = Te enviamos un código de inicio de sesión por SMS al { $destination }. Introdúcelo abajo.
mfa-code-label = Código
mfa-verify-button = Verificar
mfa-remember = Recordar este dispositivo (omitir este paso aquí la próxima vez)
mfa-select-title = Elige cómo verificar
mfa-select-intro = Tu cuenta tiene más de un segundo factor. ¿Cuál quieres usar?
mfa-setup-title = Protege tu cuenta
mfa-setup-intro = Esta aplicación requiere un segundo paso de inicio de sesión. Escanea el código QR con una aplicación de autenticación (o escribe la clave en ella) e introduce el código de 6 dígitos que muestra.
mfa-setup-key = Clave
mfa-setup-button = Verificar y continuar
mfa-setup-alternatives = O recibe los códigos de otra forma:
factor-totp = Aplicación de autenticación
factor-email = Enviarme un código por correo
factor-sms = Enviarme un código por SMS
recovery-title = Guarda tus códigos de recuperación
recovery-intro = Si pierdes tu autenticador, cada uno de estos códigos te permite iniciar sesión una vez. Guárdalos en un lugar seguro: solo se muestran ahora.
continue-button = Continuar
account-title = Tu cuenta
account-signed-in-as = Has iniciado sesión como { $username }.
account-security = Seguridad del inicio de sesión
account-totp-on = Aplicación de autenticación: activada
account-totp-off = Aplicación de autenticación: desactivada
account-email-on = Códigos por correo: activados
account-email-off = Códigos por correo: desactivados
account-sms-on = Códigos por SMS: activados
account-sms-off = Códigos por SMS: desactivados
account-preferred = Preferido
account-make-preferred = Marcar como preferido
account-turn-on = Activar
account-turn-off = Desactivar
account-set-up-totp = Configurar una aplicación de autenticación
account-new-recovery = Nuevos códigos de recuperación
account-replace-totp = Cambiar a una nueva aplicación de autenticación
account-recovery-left = { $n ->
    [one] Te queda { $n } código de recuperación.
   *[other] Te quedan { $n } códigos de recuperación.
}
account-devices = Dispositivos recordados
account-no-devices = No hay ningún dispositivo recordado.
account-forget = Olvidar
account-last-used = último uso:
account-change-password = Cambiar contraseña
account-current-password = Contraseña actual
account-password-changed = Tu contraseña se ha cambiado.
account-saved = Guardado.
account-device-forgotten = Se ha olvidado el dispositivo: se le volverá a pedir un segundo factor.
account-totp-title = Configurar una aplicación de autenticación
account-totp-intro = Escanea el código QR con tu aplicación de autenticación (o escribe la clave en ella) e introduce el código de 6 dígitos que muestra.
account-sign-in-first = Primero inicia sesión en la aplicación y luego vuelve a abrir la página de tu cuenta.
sign-out = Cerrar sesión
continue-with = Continuar con { $name }
or-divider = o
sso-label = Correo del trabajo
sso-button = Continuar
sso-no-match = No hay ningún inicio de sesión configurado para ese dominio de correo. Revisa la dirección o inicia sesión de otra forma.
federation-expired = Este inicio de sesión ha caducado o ya se completó.
federation-other-browser = Este inicio de sesión se empezó en otro navegador. Vuelve a la aplicación e inicia sesión de nuevo desde este navegador.

# Language picker
language-picker = Idioma

# Forms
optional = (opcional)
required-legend = Los campos marcados con * son obligatorios.
confirm-password = Confirmar contraseña
show-password = Mostrar
hide-password = Ocultar
hint-phone = Con el prefijo del país, por ejemplo +14325551212
signup-closed = Esta aplicación no te permite crear una cuenta tú mismo. Pídele una al administrador de la aplicación.
providers-heading = Iniciar sesión con
passkey-sign-in = Iniciar sesión con una llave de acceso

# Attributes
attr-given-name = Nombre
attr-family-name = Apellidos
attr-middle-name = Segundo nombre
attr-name = Nombre completo
attr-nickname = Apodo
attr-preferred-username = Nombre de usuario preferido
attr-birthdate = Fecha de nacimiento
attr-zoneinfo = Zona horaria
attr-locale = Idioma
attr-gender = Género
attr-address = Dirección
attr-website = Sitio web
attr-picture = Foto
attr-profile = Página de perfil

# What went wrong, for people
err-wrong-credentials = El nombre de usuario y la contraseña no coinciden. Revísalos e inténtalo de nuevo.
err-session-expired = Este inicio de sesión tardó demasiado o ya se usó. Vuelve a iniciar sesión.
err-not-allowed = Eso no es posible con esta cuenta. Vuelve a iniciar sesión o consulta al equipo de soporte de la aplicación.
err-locked = { $minutes ->
    [one] Demasiadas contraseñas incorrectas. Espera un minuto e inténtalo de nuevo, o restablece tu contraseña.
   *[other] Demasiadas contraseñas incorrectas. Espera { $minutes } minutos e inténtalo de nuevo, o restablece tu contraseña.
}
err-user-disabled = Esta cuenta está desactivada. Pide al equipo de soporte de la aplicación que la vuelva a activar.
err-temporary-expired = Tu contraseña temporal ha caducado. Pide una nueva al administrador de la aplicación.
err-too-many-network = Hubo demasiados intentos desde tu red. Espera unos minutos e inténtalo de nuevo.
err-limit = Demasiados intentos. Espera unos minutos antes de volver a intentarlo.
err-code-mismatch = Ese código no es correcto. Revísalo e inténtalo de nuevo, o pide un código nuevo.
err-code-expired = Ese código ha caducado. Pide un código nuevo.
err-username-exists = Ya existe una cuenta con este nombre. Inicia sesión o elige otro.
err-alias-exists = Esa dirección de correo o ese número de teléfono ya pertenece a otra cuenta.
err-password-policy = Elige una contraseña más segura: debe cumplir las reglas de abajo.
err-password-history = Usaste esta contraseña hace poco. Elige otra.
err-user-not-found = No encontramos ninguna cuenta con ese nombre.
err-not-confirmed = Primero confirma tu cuenta: te enviamos un código.
err-reset-required = Tienes que elegir una contraseña nueva antes de poder iniciar sesión.
err-code-delivery = No pudimos enviar el código. Revisa la dirección e inténtalo de nuevo más tarde.
err-upstream = El servicio de inicio de sesión de tu organización no respondió. Inténtalo de nuevo en un momento.
err-invalid-request = Algo en esta solicitud no es válido. Vuelve a la aplicación e inténtalo de nuevo.
err-current-password = Tu contraseña actual no es correcta.
err-enter-password = Introduce tu contraseña para confirmar este cambio.
unreadable-request = Esta página no pudo leer la solicitud que recibió.
detail-for-developers = Detalles para los desarrolladores de la aplicación

# How to fix a field
fix-required = Rellena este campo.
fix-email = Introduce una dirección de correo como name@example.com
fix-phone = Introduce un número de teléfono con el prefijo del país, como +14325551212
fix-too-long = { $n ->
    [one] Usa como máximo { $n } carácter.
   *[other] Usa como máximo { $n } caracteres.
}
fix-too-short = { $n ->
    [one] Usa al menos { $n } carácter.
   *[other] Usa al menos { $n } caracteres.
}
fix-number = Introduce un número entero.
fix-range = Introduce un número del { $min } al { $max }.
fix-number-range = Introduce un número dentro del rango permitido.
fix-value = Introduce un valor válido.
fix-username-shape = Usa de 1 a 128 caracteres, sin espacios.
fix-username-email = Elige un nombre de usuario que no sea una dirección de correo. También podrás iniciar sesión con tu correo.
fix-username-phone = Elige un nombre de usuario que no sea un número de teléfono. También podrás iniciar sesión con tu número de teléfono.
fix-password-length = { $n ->
    [one] Usa al menos { $n } carácter.
   *[other] Usa al menos { $n } caracteres.
}
fix-password-too-long = Usa como máximo 256 caracteres.
fix-password-upper = Añade una letra mayúscula.
fix-password-lower = Añade una letra minúscula.
fix-password-number = Añade un número.
fix-password-symbol = Añade un símbolo, como ! o #.
fix-password-mismatch = Las contraseñas no coinciden.

# Ways on
way-sign-in-again = Volver a iniciar sesión
way-try-again = Intentar de nuevo
way-reload-form = Volver a cargar el formulario
way-back-to-app = Volver a la aplicación

# MFA
mfa-try-another-way = Prueba otra forma:
mfa-setup-same-phone = ¿Lo configuras en este teléfono? Abre tu aplicación de autenticación
mfa-qr-alt = Código QR para tu aplicación de autenticación
mfa-use-recovery = ¿Perdiste tu teléfono? Usa un código de recuperación
mfa-recovery-label = Código de recuperación

# Recovery codes
recovery-download = Descargar
recovery-copy = Copiar
recovery-copied = Copiado
recovery-print = Imprimir
recovery-saved = He guardado estos códigos en un lugar seguro
recovery-file-heading = Códigos de recuperación: cada uno te permite iniciar sesión una vez si pierdes tu autenticador.

# Account page
account-back-to-app = Volver a la aplicación
account-confirm-password = Tu contraseña, para confirmar
account-fresh-sign-in = Para cambiar esto, debes haber iniciado sesión en los últimos cinco minutos.
account-authenticator = Aplicación de autenticación

# Passkeys
passkeys-heading = Llaves de acceso
passkeys-none = Aún no tienes ninguna llave de acceso. Una llave de acceso te permite iniciar sesión con tu huella, tu cara o el bloqueo de pantalla en lugar de una contraseña.
passkeys-add = Añadir una llave de acceso
passkeys-name = Nombre
passkeys-save = Guardar
passkeys-rename = Cambiar nombre
passkeys-delete = Eliminar
passkeys-created = añadida el
passkeys-never-used = nunca
passkeys-added = Tu llave de acceso está guardada. La próxima vez podrás iniciar sesión con ella.
passkeys-deleted = La llave de acceso se ha eliminado.
passkeys-need-script = Las llaves de acceso necesitan JavaScript, que está desactivado en este navegador.
passkeys-failed = La llave de acceso no funcionó. Inténtalo de nuevo o inicia sesión de otra forma.
passkeys-offer-title = Inicia sesión más rápido la próxima vez
passkeys-offer-intro = Añade una llave de acceso para iniciar sesión con tu huella, tu cara o el bloqueo de pantalla en lugar de una contraseña.
passkeys-not-now = Ahora no
factor-passkey = Usar una llave de acceso

# Dates: { $day } { $month } { $year }, { $time } UTC
date-time = { $day } { $month } { $year }, { $time } UTC
month-1 = ene
month-2 = feb
month-3 = mar
month-4 = abr
month-5 = may
month-6 = jun
month-7 = jul
month-8 = ago
month-9 = sept
month-10 = oct
month-11 = nov
month-12 = dic

# Mails: each has a subject, a greeting, the line before the code, and what to do.
# The HTML and text parts are built from these in templates/email/layout.*.
mail-verification-subject = Tu código de verificación
mail-verification-greeting = Hola, { $username }:
mail-verification-lead = Tu código de verificación es
mail-verification-body = Introdúcelo en la página de confirmación para terminar de crear tu cuenta. El código caduca en 24 horas. Si no te registraste, puedes ignorar este mensaje.
mail-forgot-password-subject = Tu código para restablecer la contraseña
mail-forgot-password-greeting = Hola, { $username }:
mail-forgot-password-lead = Tu código para restablecer la contraseña es
mail-forgot-password-body = Caduca en una hora. Si no pediste restablecer tu contraseña, puedes ignorar este mensaje; tu contraseña no ha cambiado.
mail-invitation-subject = Tu contraseña temporal
mail-invitation-greeting = Hola:
mail-invitation-lead = Se ha creado una cuenta para ti. Tu nombre de usuario es { $username } y tu contraseña temporal es
mail-invitation-body = Inicia sesión con ellos; se te pedirá que elijas una contraseña nueva. La contraseña temporal caduca si no se usa a tiempo.
mail-mfa-code-subject = Tu código de inicio de sesión
mail-mfa-code-greeting = Hola, { $username }:
mail-mfa-code-lead = Tu código de inicio de sesión es
mail-mfa-code-body = Introdúcelo en la página de inicio de sesión para terminar de iniciar sesión. El código caduca en 5 minutos. Si no intentaste iniciar sesión, alguien conoce tu contraseña: cámbiala ahora.
sms-mfa-code = Tu código de autenticación es { $code }.
sms-invitation = Tu nombre de usuario es { $username } y tu contraseña temporal es { $code }.
