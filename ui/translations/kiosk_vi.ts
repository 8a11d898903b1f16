<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>CardScreen</name>
    <message>
        <source>Please place your My Number card on the reader</source>
        <translation>Vui lòng đặt thẻ My Number lên máy đọc</translation>
    </message>
    <message>
        <source>Leave it there until your name appears. You can also scan your library card instead.</source>
        <translation>Để yên thẻ cho đến khi tên của bạn hiện ra. Bạn cũng có thể quét thẻ thư viện thay thế.</translation>
    </message>
    <message>
        <source>Reading your card… please leave it on the reader.</source>
        <translation>Đang đọc thẻ… vui lòng để yên thẻ trên máy đọc.</translation>
    </message>
    <message>
        <source>Only the card&apos;s electronic certificate is checked. Your My Number is never read.</source>
        <translation>Chỉ kiểm tra chứng thư điện tử của thẻ. Mã số My Number của bạn không bao giờ bị đọc.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
</context>
<context>
    <name>FinishQuestion</name>
    <message>
        <source>Finished, %1?</source>
        <translation>%1, bạn đã xong chưa?</translation>
    </message>
    <message>
        <source>Another library card (%1) was scanned. If you are done, press Finish; the next person can then scan their card. To borrow more, press Continue.</source>
        <translation>Một thẻ thư viện khác (%1) vừa được quét. Nếu bạn đã xong, hãy bấm Kết thúc; người tiếp theo sẽ quét thẻ của họ. Để mượn thêm, hãy bấm Tiếp tục.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Kết thúc</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Tiếp tục</translation>
    </message>
</context>
<context>
    <name>GoodbyeScreen</name>
    <message>
        <source>Thank you!</source>
        <translation>Xin cảm ơn!</translation>
    </message>
    <message numerus="yes">
        <source>You borrowed %n item(s).</source>
        <translation>
            <numerusform>Bạn đã mượn %n tài liệu.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>You renewed %n item(s).</source>
        <translation>
            <numerusform>Bạn đã gia hạn %n tài liệu.</numerusform>
        </translation>
    </message>
    <message>
        <source>Item %1</source>
        <translation>Tài liệu %1</translation>
    </message>
    <message>
        <source>Due back %1</source>
        <translation>Hạn trả %1</translation>
    </message>
    <message>
        <source>Renewed, due back %1</source>
        <translation>Đã gia hạn, hạn trả %1</translation>
    </message>
    <message>
        <source>Nothing was borrowed.</source>
        <translation>Bạn chưa mượn tài liệu nào.</translation>
    </message>
    <message>
        <source>Please take your receipt.</source>
        <translation>Vui lòng nhận phiếu mượn.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Xong</translation>
    </message>
</context>
<context>
    <name>IdleScreen</name>
    <message>
        <source>Please scan your library card</source>
        <translation>Vui lòng quét thẻ thư viện</translation>
    </message>
    <message>
        <source>Hold the barcode of your card (or your phone&apos;s screen) under the scanner.</source>
        <translation>Đưa mã vạch trên thẻ (hoặc màn hình điện thoại) vào dưới máy quét.</translation>
    </message>
    <message>
        <source>Scan your library card, or its barcode on your phone</source>
        <translation>Quét thẻ thư viện, hoặc mã vạch trên điện thoại</translation>
    </message>
    <message>
        <source>Put your items on the pad, or scan each barcode</source>
        <translation>Đặt tài liệu lên khay đọc, hoặc quét từng mã vạch</translation>
    </message>
    <message>
        <source>Scan each item&apos;s barcode, one at a time</source>
        <translation>Quét mã vạch của từng tài liệu, mỗi lần một cuốn</translation>
    </message>
    <message>
        <source>Press Finish and take your receipt</source>
        <translation>Nhấn Kết thúc và lấy phiếu mượn</translation>
    </message>
    <message>
        <source>Press Finish when you are done</source>
        <translation>Xong thì nhấn Kết thúc</translation>
    </message>
    <message>
        <source>Use a My Number card</source>
        <translation>Dùng thẻ My Number</translation>
    </message>
</context>
<context>
    <name>IdleWarning</name>
    <message>
        <source>Are you still there? This session ends in %1 seconds.</source>
        <translation>Bạn vẫn đang dùng máy chứ? Phiên này sẽ kết thúc sau %1 giây.</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Tiếp tục</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Checking…</source>
        <translation>Đang kiểm tra…</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>Chữ to hơn</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>Tương phản cao</translation>
    </message>
    <message>
        <source>Working offline: your loans are recorded here and sent to the library system later.</source>
        <translation>Đang hoạt động ngoại tuyến: lượt mượn của bạn được ghi lại tại máy này và sẽ được gửi đến hệ thống thư viện sau.</translation>
    </message>
</context>
<context>
    <name>LoanRow</name>
    <message>
        <source>Item %1</source>
        <translation>Tài liệu %1</translation>
    </message>
    <message>
        <source>Renewed; still due back %1 (a renewal counts from today)</source>
        <translation>Đã gia hạn; hạn trả vẫn là %1 (gia hạn được tính từ hôm nay)</translation>
    </message>
    <message>
        <source>Renewed, due back %1</source>
        <translation>Đã gia hạn, hạn trả %1</translation>
    </message>
    <message>
        <source>Due back %1</source>
        <translation>Hạn trả %1</translation>
    </message>
    <message>
        <source>Borrowed recently: a renewal today would not give a later due date.</source>
        <translation>Mới mượn gần đây: gia hạn hôm nay sẽ không lùi hạn trả.</translation>
    </message>
    <message>
        <source>Someone is waiting for this item, so it cannot be renewed.</source>
        <translation>Tài liệu này đã có người đặt trước nên không thể gia hạn.</translation>
    </message>
    <message>
        <source>This item is overdue. Please return it or ask at the counter.</source>
        <translation>Tài liệu này đã quá hạn trả. Vui lòng trả lại hoặc hỏi tại quầy.</translation>
    </message>
    <message>
        <source>Renew: due %1</source>
        <translation>Gia hạn: hạn trả %1</translation>
    </message>
    <message>
        <source>Renew</source>
        <translation>Gia hạn</translation>
    </message>
</context>
<context>
    <name>LoansScreen</name>
    <message>
        <source>Your loans</source>
        <translation>Tài liệu đang mượn</translation>
    </message>
    <message numerus="yes">
        <source>You have %n item(s) on loan.</source>
        <translation>
            <numerusform>Bạn đang mượn %n tài liệu.</numerusform>
        </translation>
    </message>
    <message>
        <source>You have nothing on loan.</source>
        <translation>Bạn hiện không mượn tài liệu nào.</translation>
    </message>
    <message>
        <source>Your loans cannot be shown while the library system is offline. Borrowing still works.</source>
        <translation>Không thể hiển thị tài liệu đang mượn vì hệ thống thư viện đang mất kết nối. Bạn vẫn có thể mượn.</translation>
    </message>
    <message>
        <source>This machine does not show loans. Please ask at the counter or use My Page.</source>
        <translation>Máy này không hiển thị tài liệu đang mượn. Vui lòng hỏi tại quầy hoặc xem trên My Page (trang cá nhân) của thư viện.</translation>
    </message>
    <message>
        <source>Back to borrowing</source>
        <translation>Quay lại mượn</translation>
    </message>
</context>
<context>
    <name>MachineGuide</name>
    <message>
        <source>Barcode scanner</source>
        <translation>Máy quét mã vạch</translation>
    </message>
    <message>
        <source>Camera (for phones)</source>
        <translation>Camera (cho điện thoại)</translation>
    </message>
    <message>
        <source>My Number card reader</source>
        <translation>Đầu đọc thẻ My Number</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>The barcode could not be read. Please scan it again, holding it still.</source>
        <translation>Không đọc được mã vạch. Vui lòng giữ yên và quét lại.</translation>
    </message>
    <message>
        <source>This barcode is not a library card or a library item.</source>
        <translation>Mã vạch này không phải của thẻ thư viện hay tài liệu của thư viện.</translation>
    </message>
    <message>
        <source>The number was not read correctly. Please scan it again.</source>
        <translation>Số chưa được đọc đúng. Vui lòng quét lại.</translation>
    </message>
    <message>
        <source>This card is an old type. Please have it renewed at the counter.</source>
        <translation>Thẻ này là loại cũ. Vui lòng đổi thẻ mới tại quầy.</translation>
    </message>
    <message>
        <source>Please scan your library card first, then your items.</source>
        <translation>Vui lòng quét thẻ thư viện trước, sau đó quét tài liệu.</translation>
    </message>
    <message>
        <source>This item is already on your list.</source>
        <translation>Tài liệu này đã có trong danh sách.</translation>
    </message>
    <message>
        <source>You are already signed in. Please scan your items.</source>
        <translation>Thẻ của bạn đã được quét. Vui lòng quét tài liệu.</translation>
    </message>
    <message>
        <source>That is the publisher&apos;s barcode. Please scan the library&apos;s label instead.</source>
        <translation>Đó là mã vạch của nhà xuất bản (ISBN). Vui lòng quét nhãn mã vạch của thư viện.</translation>
    </message>
    <message>
        <source>This is not a library card. Please show your library card&apos;s barcode.</source>
        <translation>Đây không phải là thẻ thư viện. Vui lòng đưa mã vạch trên thẻ thư viện của bạn.</translation>
    </message>
    <message>
        <source>This card is not registered. Please ask at the counter.</source>
        <translation>Thẻ này chưa được đăng ký. Vui lòng hỏi tại quầy.</translation>
    </message>
    <message>
        <source>This card has been reported lost. Please ask at the counter.</source>
        <translation>Thẻ này đã được báo mất. Vui lòng hỏi tại quầy.</translation>
    </message>
    <message>
        <source>You have overdue items. Please return them first or ask at the counter.</source>
        <translation>Bạn có tài liệu quá hạn. Vui lòng trả trước hoặc hỏi tại quầy.</translation>
    </message>
    <message>
        <source>Borrowing is paused on your account. Please ask at the counter.</source>
        <translation>Tài khoản của bạn đang bị tạm ngừng mượn. Vui lòng hỏi tại quầy.</translation>
    </message>
    <message>
        <source>You cannot borrow at the moment. Please ask at the counter.</source>
        <translation>Hiện bạn không thể mượn. Vui lòng hỏi tại quầy.</translation>
    </message>
    <message>
        <source>The PIN is not correct. Please try again or ask at the counter.</source>
        <translation>Mã PIN không đúng. Vui lòng thử lại hoặc hỏi tại quầy.</translation>
    </message>
    <message>
        <source>Your card has expired. Please have it renewed at the counter.</source>
        <translation>Thẻ của bạn đã hết hạn. Vui lòng gia hạn thẻ tại quầy.</translation>
    </message>
    <message>
        <source>Self-checkout is not available right now. Please ask at the counter.</source>
        <translation>Máy tự mượn hiện không dùng được. Vui lòng hỏi tại quầy.</translation>
    </message>
    <message>
        <source>This card cannot be checked right now. Please ask at the counter.</source>
        <translation>Hiện không thể kiểm tra thẻ này. Vui lòng hỏi tại quầy.</translation>
    </message>
    <message>
        <source>This item cannot be borrowed here. Please take it to the counter.</source>
        <translation>Không thể mượn tài liệu này tại máy. Vui lòng mang đến quầy.</translation>
    </message>
    <message>
        <source>You have reached your borrowing limit.</source>
        <translation>Bạn đã mượn đủ số lượng tối đa.</translation>
    </message>
    <message>
        <source>This item could not be lent right now. Please take it to the counter.</source>
        <translation>Hiện không thể cho mượn tài liệu này. Vui lòng mang đến quầy.</translation>
    </message>
    <message>
        <source>This item is for use in the library only.</source>
        <translation>Tài liệu này chỉ được đọc tại thư viện.</translation>
    </message>
    <message>
        <source>This item is reserved for someone else. Please take it to the counter.</source>
        <translation>Tài liệu này đã có người khác đặt trước. Vui lòng mang đến quầy.</translation>
    </message>
    <message>
        <source>This item is recorded as lent to someone else. Please take it to the counter.</source>
        <translation>Tài liệu này đang được ghi là người khác mượn. Vui lòng mang đến quầy.</translation>
    </message>
    <message>
        <source>This item was borrowed from another library. Please take it to the counter.</source>
        <translation>Tài liệu này được mượn từ thư viện khác. Vui lòng mang đến quầy.</translation>
    </message>
    <message>
        <source>This item is not in the library&apos;s catalogue. Please take it to the counter.</source>
        <translation>Tài liệu này không có trong danh mục của thư viện. Vui lòng mang đến quầy.</translation>
    </message>
    <message>
        <source>This item has a loan recorded here that the library system has not accepted yet. Please ask the staff.</source>
        <translation>Tài liệu này có một lượt mượn được ghi tại máy này mà hệ thống thư viện chưa xác nhận. Vui lòng hỏi nhân viên.</translation>
    </message>
    <message>
        <source>Someone is waiting for this item.</source>
        <translation>Có người khác đang chờ tài liệu này.</translation>
    </message>
    <message>
        <source>It has been renewed as many times as the library allows.</source>
        <translation>Tài liệu đã được gia hạn tối đa số lần thư viện cho phép.</translation>
    </message>
    <message>
        <source>It cannot be renewed yet: a renewal today would not give a later date.</source>
        <translation>Chưa thể gia hạn: gia hạn hôm nay sẽ không lùi hạn trả.</translation>
    </message>
    <message>
        <source>It is past its due date. Please return it or ask at the counter.</source>
        <translation>Tài liệu đã quá hạn trả. Vui lòng trả lại hoặc hỏi tại quầy.</translation>
    </message>
    <message>
        <source>Items of this kind cannot be renewed.</source>
        <translation>Loại tài liệu này không được gia hạn.</translation>
    </message>
    <message>
        <source>It has reached the longest time an item may be kept.</source>
        <translation>Tài liệu đã đến thời hạn mượn tối đa.</translation>
    </message>
    <message>
        <source>It is not on loan to you. Please ask at the counter.</source>
        <translation>Tài liệu này không phải bạn đang mượn. Vui lòng hỏi tại quầy.</translation>
    </message>
    <message>
        <source>You have reached today&apos;s limit for this machine. Please take the rest to the counter.</source>
        <translation>Bạn đã mượn đủ số lượng cho phép hôm nay tại máy này. Vui lòng mang số còn lại đến quầy.</translation>
    </message>
    <message>
        <source>Self-checkout is paused. Please take your items to the counter.</source>
        <translation>Máy tự mượn đang tạm ngừng. Vui lòng mang tài liệu đến quầy.</translation>
    </message>
    <message>
        <source>The card could not be read. Please place it on the reader again and leave it there.</source>
        <translation>Không đọc được thẻ. Vui lòng đặt lại thẻ lên máy đọc và để yên.</translation>
    </message>
    <message>
        <source>This card cannot be used here. Please use your library card or ask at the counter.</source>
        <translation>Không thể dùng thẻ này ở đây. Vui lòng dùng thẻ thư viện hoặc hỏi tại quầy.</translation>
    </message>
    <message>
        <source>The card reader is not working right now. Please scan your library card instead, or ask at the counter.</source>
        <translation>Máy đọc thẻ hiện không hoạt động. Vui lòng quét thẻ thư viện hoặc hỏi tại quầy.</translation>
    </message>
    <message>
        <source>This is not a My Number card. Please place your My Number card, or scan your library card.</source>
        <translation>Đây không phải là thẻ My Number. Vui lòng đặt thẻ My Number hoặc quét thẻ thư viện.</translation>
    </message>
    <message>
        <source>My Number on a smartphone cannot be used here. Please use the card itself or your library card.</source>
        <translation>Không thể dùng My Number trên điện thoại thông minh ở đây. Vui lòng dùng thẻ thật hoặc thẻ thư viện.</translation>
    </message>
    <message>
        <source>The electronic certificate on this card has expired. It is renewed at your city office. Until then, please use your library card.</source>
        <translation>Chứng thư điện tử trên thẻ này đã hết hạn. Bạn có thể gia hạn tại ủy ban thành phố nơi bạn sống. Trong thời gian đó, vui lòng dùng thẻ thư viện.</translation>
    </message>
    <message>
        <source>This My Number card is not registered with the library yet. Please register it at the counter (bring your library card).</source>
        <translation>Thẻ My Number này chưa được đăng ký với thư viện. Vui lòng đăng ký tại quầy (mang theo thẻ thư viện).</translation>
    </message>
    <message>
        <source>The card&apos;s PIN is locked. Your city office can unlock it. Please use your library card or ask at the counter.</source>
        <translation>Mã PIN của thẻ đã bị khóa. Ủy ban thành phố nơi bạn sống có thể mở khóa. Vui lòng dùng thẻ thư viện hoặc hỏi tại quầy.</translation>
    </message>
    <message>
        <source>This item was not renewed.</source>
        <translation>Tài liệu này chưa được gia hạn.</translation>
    </message>
    <message>
        <source>The library system did not allow the renewal. Please ask at the counter.</source>
        <translation>Hệ thống thư viện không cho phép gia hạn. Vui lòng hỏi tại quầy.</translation>
    </message>
    <message>
        <source>Renewals are not possible right now. Please try again later or ask at the counter.</source>
        <translation>Hiện không thể gia hạn. Vui lòng thử lại sau hoặc hỏi tại quầy.</translation>
    </message>
    <message>
        <source>Items borrowed from another library cannot be renewed here.</source>
        <translation>Tài liệu mượn từ thư viện khác không thể gia hạn tại đây.</translation>
    </message>
    <message>
        <source>Message from the library: %1</source>
        <translation>Thông báo của thư viện: %1</translation>
    </message>
    <message>
        <source>Please scan your library card first.</source>
        <translation>Vui lòng quét thẻ thư viện trước.</translation>
    </message>
    <message>
        <source>Please put all %1 parts on the pad.</source>
        <translation>Vui lòng đặt đủ cả %1 phần lên khay đọc.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Đang kiểm tra…</translation>
    </message>
    <message>
        <source>Lent.</source>
        <translation>Đã cho mượn.</translation>
    </message>
    <message>
        <source>Please show this item to the staff before you leave.</source>
        <translation>Trước khi ra về, vui lòng đưa tài liệu này cho nhân viên xem.</translation>
    </message>
    <message>
        <source>You already have this item.</source>
        <translation>Bạn đang mượn tài liệu này.</translation>
    </message>
    <message>
        <source>This is not this library&apos;s item. Please take it to the counter.</source>
        <translation>Đây không phải tài liệu của thư viện này. Vui lòng mang đến quầy.</translation>
    </message>
    <message>
        <source>Its tag could not be read. Please show this item to the staff.</source>
        <translation>Không đọc được thẻ từ của tài liệu. Vui lòng đưa tài liệu này cho nhân viên xem.</translation>
    </message>
    <message>
        <source>Please show this item to the staff.</source>
        <translation>Vui lòng đưa tài liệu này cho nhân viên xem.</translation>
    </message>
    <message>
        <source>%1 of %2 parts are on the pad</source>
        <translation>Có %1 trên %2 phần trên khay đọc</translation>
    </message>
    <message>
        <source>The book pad is not working right now. Please scan each item&apos;s barcode instead.</source>
        <translation>Khay đọc hiện không hoạt động. Vui lòng quét mã vạch của từng tài liệu.</translation>
    </message>
    <message>
        <source>An item on the pad</source>
        <translation>Tài liệu trên khay đọc</translation>
    </message>
    <message>
        <source>Please scan your library card first. Then the items on the pad will be lent to you.</source>
        <translation>Vui lòng quét thẻ thư viện trước. Sau đó, tài liệu trên khay đọc sẽ được cho bạn mượn.</translation>
    </message>
    <message>
        <source>Something went wrong. Please try again or ask at the counter.</source>
        <translation>Đã có lỗi xảy ra. Vui lòng thử lại hoặc hỏi tại quầy.</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <source>Out of service</source>
        <translation>Tạm ngừng phục vụ</translation>
    </message>
    <message>
        <source>Please borrow at the counter.</source>
        <translation>Vui lòng mượn tại quầy.</translation>
    </message>
</context>
<context>
    <name>PatronScreen</name>
    <message>
        <source>Welcome, %1</source>
        <translation>Xin chào, %1</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Xin chào</translation>
    </message>
    <message>
        <source>Put your items on the pad, or scan them one at a time. When you are done, press Finish.</source>
        <translation>Đặt tài liệu lên khay đọc, hoặc quét từng tài liệu một. Khi xong, hãy nhấn Kết thúc.</translation>
    </message>
    <message>
        <source>Scan your items one at a time. When you are done, press Finish.</source>
        <translation>Vui lòng quét từng tài liệu một. Khi xong, hãy nhấn Kết thúc.</translation>
    </message>
    <message>
        <source>No items yet.</source>
        <translation>Chưa có tài liệu nào.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Kết thúc</translation>
    </message>
    <message>
        <source>My loans</source>
        <translation>Tài liệu đang mượn</translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <source>Please enter your My Number card&apos;s PIN</source>
        <translation>Vui lòng nhập mã PIN của thẻ My Number</translation>
    </message>
    <message>
        <source>The 4-digit PIN for signing in that you chose at the city office. Leave the card on the reader and cover the pad with your hand.</source>
        <translation>Mã PIN 4 chữ số dùng để xác thực mà bạn đã chọn tại ủy ban thành phố. Để thẻ trên máy đọc và lấy tay che bàn phím khi nhập.</translation>
    </message>
    <message>
        <source>Please enter your PIN</source>
        <translation>Vui lòng nhập mã PIN</translation>
    </message>
    <message>
        <source>Your 4-digit PIN (password) for the library. Cover the pad with your hand.</source>
        <translation>Mã PIN (mật khẩu) 4 chữ số của thư viện. Hãy lấy tay che bàn phím khi nhập.</translation>
    </message>
    <message numerus="yes">
        <source>The PIN is not correct. %n tries left.</source>
        <translation>
            <numerusform>Mã PIN không đúng. Bạn còn %n lần thử.</numerusform>
        </translation>
    </message>
    <message>
        <source>One more wrong PIN locks the card; only the city office can unlock it. If you are not sure, press Cancel.</source>
        <translation>Nhập sai thêm một lần nữa thẻ sẽ bị khóa và chỉ ủy ban thành phố mới mở khóa được. Nếu không chắc chắn, hãy nhấn Hủy.</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Xóa hết</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Xóa 1 số</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Xác nhận</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <source>Would you like a receipt?</source>
        <translation>Bạn có muốn in phiếu mượn không?</translation>
    </message>
    <message>
        <source>It lists what you borrowed and when it is due back.</source>
        <translation>Phiếu ghi các tài liệu bạn đã mượn và hạn trả.</translation>
    </message>
    <message>
        <source>Print a receipt</source>
        <translation>In phiếu</translation>
    </message>
    <message>
        <source>No receipt</source>
        <translation>Không in</translation>
    </message>
</context>
<context>
    <name>RowWidget</name>
    <message>
        <source>Item %1</source>
        <translation>Tài liệu %1</translation>
    </message>
    <message>
        <source>Due back %1</source>
        <translation>Hạn trả %1</translation>
    </message>
    <message>
        <source>You already have this: due back %1</source>
        <translation>Bạn đang mượn tài liệu này: hạn trả %1</translation>
    </message>
    <message>
        <source>You already have this item.</source>
        <translation>Bạn đang mượn tài liệu này.</translation>
    </message>
    <message>
        <source>Renewed, due back %1</source>
        <translation>Đã gia hạn, hạn trả %1</translation>
    </message>
    <message>
        <source>Your reserved item: picked up.</source>
        <translation>Tài liệu bạn đặt trước: đã nhận.</translation>
    </message>
</context>
<context>
    <name>StaffHomeScreen</name>
    <message>
        <source>a library card</source>
        <translation>thẻ thư viện</translation>
    </message>
    <message>
        <source>an item (book or other material)</source>
        <translation>tài liệu (sách hoặc tài liệu khác)</translation>
    </message>
    <message>
        <source>an ISBN (not the library&apos;s item barcode)</source>
        <translation>mã ISBN (không phải mã vạch tài liệu của thư viện)</translation>
    </message>
    <message>
        <source>not usable: nothing was read</source>
        <translation>không dùng được: không đọc được gì</translation>
    </message>
    <message>
        <source>not usable: characters no library label carries</source>
        <translation>không dùng được: có ký tự không có trên nhãn thư viện</translation>
    </message>
    <message>
        <source>not usable: too long</source>
        <translation>không dùng được: quá dài</translation>
    </message>
    <message>
        <source>not usable: the check digit is wrong</source>
        <translation>không dùng được: số kiểm tra sai</translation>
    </message>
    <message>
        <source>a library card of a retired series</source>
        <translation>thẻ thư viện thuộc dãy số đã ngừng dùng</translation>
    </message>
    <message>
        <source>not a card, item or ISBN this library uses</source>
        <translation>không phải thẻ, tài liệu hay ISBN mà thư viện này dùng</translation>
    </message>
    <message>
        <source>%1 is read as %2.</source>
        <translation>%1 được đọc là %2.</translation>
    </message>
    <message>
        <source>Reading the kiosk&apos;s status…</source>
        <translation>Đang đọc trạng thái của máy…</translation>
    </message>
    <message>
        <source>The kiosk&apos;s status could not be read: %1</source>
        <translation>Không đọc được trạng thái của máy: %1</translation>
    </message>
    <message>
        <source>Looking for devices…</source>
        <translation>Đang tìm thiết bị…</translation>
    </message>
    <message>
        <source>The devices could not be listed: %1</source>
        <translation>Không liệt kê được thiết bị: %1</translation>
    </message>
    <message>
        <source>Staff mode</source>
        <translation>Chế độ nhân viên</translation>
    </message>
    <message>
        <source>online (answering)</source>
        <translation>trực tuyến (có phản hồi)</translation>
    </message>
    <message>
        <source>offline (loans are kept here and sent later)</source>
        <translation>ngoại tuyến (lượt mượn được ghi tại máy này và gửi sau)</translation>
    </message>
    <message>
        <source>Library system: %1</source>
        <translation>Hệ thống thư viện: %1</translation>
    </message>
    <message>
        <source>Offline loans waiting: %1</source>
        <translation>Lượt mượn ngoại tuyến chờ gửi: %1</translation>
    </message>
    <message>
        <source>Offline loans refused: %1</source>
        <translation>Lượt mượn ngoại tuyến bị từ chối: %1</translation>
    </message>
    <message>
        <source>Devices found:</source>
        <translation>Thiết bị tìm thấy:</translation>
    </message>
    <message>
        <source>Scan test: scan any barcode.</source>
        <translation>Thử quét: hãy quét một mã bất kỳ.</translation>
    </message>
    <message>
        <source>Back in service</source>
        <translation>Hoạt động lại</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>Tạm ngừng</translation>
    </message>
    <message>
        <source>Restart the kiosk</source>
        <translation>Khởi động lại máy</translation>
    </message>
    <message>
        <source>Hardware setup</source>
        <translation>Cài đặt thiết bị</translation>
    </message>
    <message>
        <source>Link a My Number card</source>
        <translation>Liên kết thẻ My Number</translation>
    </message>
    <message>
        <source>Leave staff mode</source>
        <translation>Thoát chế độ nhân viên</translation>
    </message>
</context>
<context>
    <name>StaffLinkScreen</name>
    <message>
        <source>Reading the card…</source>
        <translation>Đang đọc thẻ…</translation>
    </message>
    <message>
        <source>Linked to library card %1. The certificate is valid until %2.</source>
        <translation>Đã liên kết với thẻ thư viện %1. Chứng thư có hiệu lực đến %2.</translation>
    </message>
    <message>
        <source>That is not a library card number. Scan the patron&apos;s library card.</source>
        <translation>Đó không phải là số thẻ thư viện. Hãy quét thẻ thư viện của bạn đọc.</translation>
    </message>
    <message>
        <source>The card could not be linked: %1</source>
        <translation>Không liên kết được thẻ: %1</translation>
    </message>
    <message>
        <source>Link a My Number card</source>
        <translation>Liên kết thẻ My Number</translation>
    </message>
    <message>
        <source>1. Scan the patron&apos;s library card.</source>
        <translation>1. Quét thẻ thư viện của bạn đọc.</translation>
    </message>
    <message>
        <source>Library card: %1</source>
        <translation>Thẻ thư viện: %1</translation>
    </message>
    <message>
        <source>2. The patron places the My Number card on the reader; press Link. Only the certificate&apos;s link key is kept.</source>
        <translation>2. Bạn đọc đặt thẻ My Number lên máy đọc; nhấn Liên kết. Chỉ lưu khóa liên kết tạo từ chứng thư.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Liên kết</translation>
    </message>
</context>
<context>
    <name>StaffPinScreen</name>
    <message>
        <source>Checking the PIN…</source>
        <translation>Đang kiểm tra mã PIN…</translation>
    </message>
    <message>
        <source>Staff mode is locked after wrong PINs. Time left: %1</source>
        <translation>Đã khóa do nhập sai mã PIN nhiều lần. Thời gian còn lại: %1</translation>
    </message>
    <message>
        <source>Wrong PIN. %1 tries left.</source>
        <translation>Sai mã PIN. Còn %1 lần thử.</translation>
    </message>
    <message>
        <source>The PIN could not be checked: %1</source>
        <translation>Không kiểm tra được mã PIN: %1</translation>
    </message>
    <message>
        <source>You can enter the PIN again.</source>
        <translation>Bạn có thể nhập lại mã PIN.</translation>
    </message>
    <message>
        <source>Staff PIN</source>
        <translation>Mã PIN nhân viên</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Xóa hết</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Xóa 1 số</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>StaffSetupScreen</name>
    <message>
        <source>(none)</source>
        <translation>(không có)</translation>
    </message>
    <message>
        <source>Hardware setup</source>
        <translation>Cài đặt thiết bị</translation>
    </message>
    <message>
        <source>Barcode scanner</source>
        <translation>Máy quét mã vạch</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Đã kết nối</translation>
    </message>
    <message>
        <source>Not connected (the kiosk keeps trying)</source>
        <translation>Chưa kết nối (máy vẫn tiếp tục thử)</translation>
    </message>
    <message>
        <source>Not working: the settings need fixing</source>
        <translation>Không hoạt động: cần sửa cấu hình</translation>
    </message>
    <message>
        <source>Barcode scanner (serial)</source>
        <translation>Máy quét mã vạch (cổng nối tiếp)</translation>
    </message>
    <message>
        <source>Barcode scanner (keyboard)</source>
        <translation>Máy quét mã vạch (bàn phím)</translation>
    </message>
    <message>
        <source>Card reader</source>
        <translation>Máy đọc thẻ</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>Máy in hóa đơn</translation>
    </message>
    <message>
        <source>Detail: %1</source>
        <translation>Chi tiết: %1</translation>
    </message>
    <message>
        <source>Card reader: the PC/SC service (pcscd) is not available. Detail: %1</source>
        <translation>Máy đọc thẻ: dịch vụ PC/SC (pcscd) không khả dụng. Chi tiết: %1</translation>
    </message>
    <message>
        <source>The kiosk cannot use this device address: %1</source>
        <translation>Máy không dùng được địa chỉ thiết bị này: %1</translation>
    </message>
    <message>
        <source>The card reader is not available: %1</source>
        <translation>Máy đọc thẻ không khả dụng: %1</translation>
    </message>
    <message>
        <source>The device did not answer: %1</source>
        <translation>Thiết bị không phản hồi: %1</translation>
    </message>
    <message>
        <source>The test did not work: %1</source>
        <translation>Không kiểm tra được: %1</translation>
    </message>
    <message>
        <source>Looking for devices…</source>
        <translation>Đang tìm thiết bị…</translation>
    </message>
    <message>
        <source>The devices could not be listed: %1</source>
        <translation>Không liệt kê được thiết bị: %1</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Đang lưu…</translation>
    </message>
    <message>
        <source>None configured ([rfid] reader in the branch config).</source>
        <translation>Chưa cấu hình ([rfid] reader trong cấu hình chi nhánh).</translation>
    </message>
    <message>
        <source>No tag on the pad.</source>
        <translation>Không có thẻ từ nào trên khay đọc.</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>bình thường</translation>
    </message>
    <message>
        <source>another library&apos;s item (this library is %1)</source>
        <translation>tài liệu của thư viện khác (thư viện này là %1)</translation>
    </message>
    <message>
        <source>RFID pad</source>
        <translation>Khay đọc RFID</translation>
    </message>
    <message>
        <source>Test scans</source>
        <translation>Thử quét</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Xem trước</translation>
    </message>
    <message>
        <source>Read a card</source>
        <translation>Đọc thẻ</translation>
    </message>
    <message>
        <source>Test page</source>
        <translation>Trang in thử</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <source>Save to the branch config</source>
        <translation>Lưu vào cấu hình chi nhánh</translation>
    </message>
    <message>
        <source>Nothing chosen.</source>
        <translation>Chưa chọn gì.</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Đang kiểm tra…</translation>
    </message>
    <message>
        <source>Read: %1</source>
        <translation>Đã đọc: %1</translation>
    </message>
    <message>
        <source>Connected. Scan a barcode (or hold one up to the camera).</source>
        <translation>Đã kết nối. Hãy quét mã vạch (hoặc đưa lên trước camera).</translation>
    </message>
    <message>
        <source>Listening: scan a barcode (or hold one up to the camera).</source>
        <translation>Đang chờ: hãy quét mã vạch (hoặc đưa lên trước camera).</translation>
    </message>
    <message>
        <source>Card reader works: a card is on it.</source>
        <translation>Máy đọc thẻ hoạt động: có thẻ trên máy.</translation>
    </message>
    <message>
        <source>My Number card read. Certificate valid until %1.</source>
        <translation>Đã đọc thẻ My Number. Chứng thư có hiệu lực đến %1.</translation>
    </message>
    <message>
        <source>The printer is not ready: %1. Detail: %2</source>
        <translation>Máy in chưa sẵn sàng: %1. Chi tiết: %2</translation>
    </message>
    <message>
        <source>Test page sent. Check the printout.</source>
        <translation>Đã gửi trang in thử. Hãy kiểm tra bản in.</translation>
    </message>
    <message>
        <source>This kiosk runs on the embedded demo defaults: there is no branch config file to save to.</source>
        <translation>Máy này đang chạy với cấu hình demo có sẵn: không có tệp cấu hình để lưu.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Chưa lưu: %1</translation>
    </message>
    <message>
        <source>Saved to %1. Restart the kiosk to use the new devices.</source>
        <translation>Đã lưu vào %1. Khởi động lại máy để dùng thiết bị mới.</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message numerus="yes">
        <source>%n reserved item(s) are waiting for you on the hold shelf.</source>
        <translation>
            <numerusform>Có %n tài liệu bạn đặt trước đang chờ trên kệ đặt trước.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>You can borrow %n more item(s).</source>
        <translation>
            <numerusform>Bạn có thể mượn thêm %n tài liệu.</numerusform>
        </translation>
    </message>
    <message>
        <source>You have reached your borrowing limit.</source>
        <translation>Bạn đã mượn đủ số lượng tối đa.</translation>
    </message>
</context>
</TS>
