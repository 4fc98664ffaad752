import { defineTemplate, html, type EmailTemplate } from '@praxis/platform';

const layout = (title: string, body: ReturnType<typeof html>) => html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; max-width: 36rem; margin: 2rem auto; color: #1d2733">
${body}
<p style="color:#5b6675; font-size: 0.9em">Sent by Praxis. If you did not expect this email, you can ignore it.</p>
</body></html>`;

export const verifyEmail = defineTemplate('verify-email', (p: { displayName: string; link: string; hours: number }) => ({
  subject: 'Confirm your email address for Praxis',
  text: `Hello ${p.displayName},\n\nConfirm your email address to finish setting up your Praxis account:\n\n${p.link}\n\nThe link works once and expires in ${p.hours} hours.\n`,
  html: layout('Confirm your email', html`<p>Hello ${p.displayName},</p>
<p>Confirm your email address to finish setting up your Praxis account.</p>
<p><a href="${p.link}">Confirm my email address</a></p>
<p>The link works once and expires in ${p.hours} hours.</p>`),
}));

export const passwordReset = defineTemplate('password-reset', (p: { displayName: string; link: string; hours: number }) => ({
  subject: 'Reset your Praxis password',
  text: `Hello ${p.displayName},\n\nSomeone asked to reset the password of your Praxis account. To choose a new one, open:\n\n${p.link}\n\nThe link works once and expires in ${p.hours} hours. If it was not you, your password is unchanged.\n`,
  html: layout('Reset your password', html`<p>Hello ${p.displayName},</p>
<p>Someone asked to reset the password of your Praxis account.</p>
<p><a href="${p.link}">Choose a new password</a></p>
<p>The link works once and expires in ${p.hours} hours. If it was not you, your password is unchanged.</p>`),
}));

export const signUpAttempt = defineTemplate('sign-up-attempt', (p: { displayName: string; signInLink: string; resetLink: string }) => ({
  subject: 'Someone tried to sign up to Praxis with your address',
  text: `Hello ${p.displayName},\n\nSomeone tried to create a Praxis account with this email address, which already has one. Nothing was changed.\n\nIf it was you, sign in:\n\n${p.signInLink}\n\nor, if you have forgotten your password, reset it:\n\n${p.resetLink}\n\nIf it was not you, you need not do anything.\n`,
  html: layout('Already signed up', html`<p>Hello ${p.displayName},</p>
<p>Someone tried to create a Praxis account with this email address, which already has one. Nothing was changed.</p>
<p>If it was you, <a href="${p.signInLink}">sign in</a>, or <a href="${p.resetLink}">reset your password</a> if you have forgotten it.</p>
<p>If it was not you, you need not do anything.</p>`),
}));

export const passwordChanged = defineTemplate('password-changed', (p: { displayName: string }) => ({
  subject: 'Your Praxis password was changed',
  text: `Hello ${p.displayName},\n\nThe password of your Praxis account was just changed, and your other sessions were signed out. If this was not you, reset your password now.\n`,
  html: layout('Password changed', html`<p>Hello ${p.displayName},</p>
<p>The password of your Praxis account was just changed, and your other sessions were signed out.</p>
<p>If this was not you, reset your password now.</p>`),
}));

export const newDeviceSignIn = defineTemplate('new-device-sign-in', (p: { displayName: string; time: string; device: string; address: string; resetLink: string }) => ({
  subject: 'New sign-in to your Praxis account',
  text: `Hello ${p.displayName},\n\nYour Praxis account was signed in to from a device it has not been used on before.\n\nWhen: ${p.time}\nDevice: ${p.device}\nAddress: ${p.address}\n\nIf this was you, you need not do anything. Not you? Change your password now, which also signs out every other session:\n\n${p.resetLink}\n`,
  html: layout('New sign-in', html`<p>Hello ${p.displayName},</p>
<p>Your Praxis account was signed in to from a device it has not been used on before.</p>
<ul><li>When: ${p.time}</li><li>Device: ${p.device}</li><li>Address: ${p.address}</li></ul>
<p>If this was you, you need not do anything. Not you? <a href="${p.resetLink}">Change your password</a> now, which also signs out every other session.</p>`),
}));

export const invitation = defineTemplate('invitation', (p: { communityName: string; networkName: string; inviterName: string; role: string; link: string; expiresOn: string }) => ({
  subject: `You are invited to join ${p.communityName}`,
  text: `${p.inviterName} invited you to join ${p.communityName}, a community of practice in ${p.networkName}, as ${p.role.toLowerCase()}.\n\nAccept the invitation:\n\n${p.link}\n\nThe invitation works once and expires on ${p.expiresOn}.\n`,
  html: layout(`Join ${p.communityName}`, html`<p>${p.inviterName} invited you to join <strong>${p.communityName}</strong>, a community of practice in ${p.networkName}, as ${p.role.toLowerCase()}.</p>
<p><a href="${p.link}">Accept the invitation</a></p>
<p>The invitation works once and expires on ${p.expiresOn}.</p>`),
}));

export const templates = { verifyEmail, passwordReset, signUpAttempt, passwordChanged, newDeviceSignIn, invitation } satisfies Record<string, EmailTemplate<never>>;
export type TemplateName = keyof typeof templates;
export type TemplateParams<N extends TemplateName> = (typeof templates)[N] extends EmailTemplate<infer P> ? P : never;
