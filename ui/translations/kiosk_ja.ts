<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>GoodbyeScreen</name>
    <message>
        <source>Thank you!</source>
        <translation>ご利用ありがとうございました</translation>
    </message>
    <message numerus="yes">
        <source>You borrowed %n item(s).</source>
        <translation><numerusform>%n点 借りました。</numerusform></translation>
    </message>
    <message>
        <source>Due back %1</source>
        <translation>返却期限 %1</translation>
    </message>
    <message>
        <source>Nothing was borrowed.</source>
        <translation>借りた資料はありません。</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>終わる</translation>
    </message>
</context>
<context>
    <name>IdleScreen</name>
    <message>
        <source>Please scan your library card</source>
        <translation>利用者カードをかざしてください</translation>
    </message>
    <message>
        <source>Hold the barcode of your card (or your phone's screen) under the scanner.</source>
        <translation>カード（またはスマートフォンの画面）のバーコードを読み取り機にかざしてください。</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Checking…</source>
        <translation>確認しています…</translation>
    </message>
    <message>
        <source>Working offline: your loans are recorded here and sent to the library system later.</source>
        <translation>ただいまオフラインで貸出しています。貸出の記録は、後で図書館のシステムに送られます。</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>The barcode could not be read. Please scan it again, holding it still.</source>
        <translation>バーコードを読み取れませんでした。動かさずに、もう一度かざしてください。</translation>
    </message>
    <message>
        <source>This barcode is not a library card or a library item.</source>
        <translation>このバーコードは、図書館のカードや資料のものではありません。</translation>
    </message>
    <message>
        <source>The number was not read correctly. Please scan it again.</source>
        <translation>番号を正しく読み取れませんでした。もう一度読み取ってください。</translation>
    </message>
    <message>
        <source>This card is an old type. Please have it renewed at the counter.</source>
        <translation>このカードは古い種類のため使えません。カウンターで新しいカードに切り替えてください。</translation>
    </message>
    <message>
        <source>Please scan your library card first, then your items.</source>
        <translation>先に利用者カードをかざしてから、資料を読み取ってください。</translation>
    </message>
    <message>
        <source>This item is already on your list.</source>
        <translation>この資料は、もう一覧に入っています。</translation>
    </message>
    <message>
        <source>You are already signed in. Please scan your items.</source>
        <translation>カードは読み取り済みです。資料を読み取ってください。</translation>
    </message>
    <message>
        <source>That is the publisher's barcode. Please scan the library's label instead.</source>
        <translation>それは本のISBNバーコードです。図書館のバーコードラベルを読み取ってください。</translation>
    </message>
    <message>
        <source>This card is not registered. Please ask at the counter.</source>
        <translation>このカードは登録されていません。カウンターでお問い合わせください。</translation>
    </message>
    <message>
        <source>This card has been reported lost. Please ask at the counter.</source>
        <translation>このカードは紛失の届けが出ています。カウンターでお問い合わせください。</translation>
    </message>
    <message>
        <source>You have overdue items. Please return them first or ask at the counter.</source>
        <translation>返却期限を過ぎた資料があります。先に返却するか、カウンターでお問い合わせください。</translation>
    </message>
    <message>
        <source>Borrowing is paused on your account. Please ask at the counter.</source>
        <translation>現在、貸出が止まっています。カウンターでお問い合わせください。</translation>
    </message>
    <message>
        <source>You cannot borrow at the moment. Please ask at the counter.</source>
        <translation>現在、貸出できません。カウンターでお問い合わせください。</translation>
    </message>
    <message>
        <source>The PIN is not correct. Please try again or ask at the counter.</source>
        <translation>暗証番号が違います。もう一度入力するか、カウンターでお問い合わせください。</translation>
    </message>
    <message>
        <source>Self-checkout is not available right now. Please ask at the counter.</source>
        <translation>ただいま自動貸出機が使えません。カウンターでお問い合わせください。</translation>
    </message>
    <message>
        <source>This card cannot be checked right now. Please ask at the counter.</source>
        <translation>ただいまこのカードを確認できません。カウンターでお問い合わせください。</translation>
    </message>
    <message>
        <source>This item cannot be borrowed here. Please take it to the counter.</source>
        <translation>この資料は自動貸出機では借りられません。カウンターへお持ちください。</translation>
    </message>
    <message>
        <source>You have reached your borrowing limit.</source>
        <translation>借りられる点数の上限に達しています。</translation>
    </message>
    <message>
        <source>This item could not be lent right now. Please take it to the counter.</source>
        <translation>この資料はただいま貸出できませんでした。カウンターへお持ちください。</translation>
    </message>
    <message>
        <source>This item is for use in the library only.</source>
        <translation>この資料は館内利用のみです（貸出できません）。</translation>
    </message>
    <message>
        <source>This item is reserved for someone else. Please take it to the counter.</source>
        <translation>この資料はほかの方が予約しています。カウンターへお持ちください。</translation>
    </message>
    <message>
        <source>This item is recorded as lent to someone else. Please take it to the counter.</source>
        <translation>この資料はほかの方に貸出中の記録があります。カウンターへお持ちください。</translation>
    </message>
    <message>
        <source>This item was borrowed from another library. Please take it to the counter.</source>
        <translation>この資料はほかの図書館から借りた資料です。カウンターへお持ちください。</translation>
    </message>
    <message>
        <source>You have reached today's limit for this machine. Please take the rest to the counter.</source>
        <translation>この機械で本日借りられる点数に達しました。残りはカウンターへお持ちください。</translation>
    </message>
    <message>
        <source>Self-checkout is paused. Please take your items to the counter.</source>
        <translation>ただいま自動貸出を休止しています。カウンターへお持ちください。</translation>
    </message>
    <message>
        <source>Something went wrong. Please try again or ask at the counter.</source>
        <translation>うまくいきませんでした。もう一度お試しいただくか、カウンターでお問い合わせください。</translation>
    </message>
</context>
<context>
    <name>PatronScreen</name>
    <message>
        <source>Welcome, %1</source>
        <translation>%1 さん、こんにちは</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>こんにちは</translation>
    </message>
    <message>
        <source>Scan your items one at a time. When you are done, press Finish.</source>
        <translation>借りる資料を1点ずつ読み取ってください。終わったら「終了」を押してください。</translation>
    </message>
    <message>
        <source>No items yet.</source>
        <translation>まだ資料はありません。</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>続ける</translation>
    </message>
    <message>
        <source>Are you still there? This session ends in %1 seconds.</source>
        <translation>まだご利用中ですか？ あと%1秒で終了します。</translation>
    </message>
</context>
<context>
    <name>RowWidget</name>
    <message>
        <source>Item %1</source>
        <translation>資料 %1</translation>
    </message>
    <message>
        <source>Due back %1</source>
        <translation>返却期限 %1</translation>
    </message>
    <message>
        <source>Renewed, due back %1</source>
        <translation>延長しました　返却期限 %1</translation>
    </message>
</context>
</TS>